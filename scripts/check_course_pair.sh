#!/usr/bin/env bash
# check_course_pair.sh trains a denoiser and a classifier with real PyTorch
# in the course's style (scripts/make_torch_ckpt.py train: the handout's MLP
# and schedule, the starter's linspace time input, stored with cuda:0
# locations), imports the pair with ddpm import, and checks that this
# project samples it as torch does:
#
#   - 5000 unconditional DDPM samples (posterior variance): NLL within 0.01
#     and precision within 0.02 of 5000 drawn by torch from the same
#     checkpoint with the same sampler and time input;
#   - classifier-guided samples (scale 1): label accuracy >= 0.98 for every
#     state, here and (reported) in torch.
#
# Usage: scripts/check_course_pair.sh [WORKDIR]   (run from anywhere; needs
# /usr/bin/python3 with torch and numpy, and the environment of
# scripts/install-deps.sh). PAIR=DIR reuses a pair already trained in DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
go build -o "$work/ddpm" ./cmd/ddpm
ddpm="$work/ddpm"
"$ddpm" data -out "$work/ds" >/dev/null
pair="${PAIR:-$work/pair}"
if [ ! -f "$pair/denoiser.pt" ] || [ ! -f "$pair/classifier.pt" ]; then
	/usr/bin/python3 scripts/make_torch_ckpt.py train --data "$work/ds/data" --out "$pair"
fi
if [ ! -f "$pair/torch_uncond.npy" ]; then
	/usr/bin/python3 scripts/make_torch_ckpt.py sample --ckpt "$pair" --out "$pair" --n 5000 --guided-n 1000
fi
imp="$work/imported"
rm -rf "$imp"
"$ddpm" import -out "$imp" -denoiser "$pair/denoiser.pt" -classifier "$pair/classifier.pt" -time-input linspace
"$ddpm" sample -out "$imp" -n 5000 -snapshots 0
"$ddpm" guide -out "$imp" -n 1000
"$ddpm" eval -samples "$pair/torch_uncond.npy" -json >"$work/torch_uncond.json"
for k in 0 1 2 3 4; do
	"$ddpm" eval -samples "$pair/torch_cond_$k.npy" -label "$k" -json >"$work/torch_cond_$k.json"
done
/usr/bin/python3 - "$work" "$imp" <<'PY'
import json, sys
work, imp = sys.argv[1], sys.argv[2]
go = json.load(open(imp + "/metrics.json"))
t = json.load(open(work + "/torch_uncond.json"))
g = go["uncond"]
fails = []
print(f"unconditional, 5000 DDPM samples:  Go NLL {g['nll']:.4f} precision {g['precision']:.4f} | "
      f"torch NLL {t['nll']:.4f} precision {t['precision']:.4f} | data NLL {g['data_nll']:.4f}")
if abs(g["nll"] - t["nll"]) > 0.01:
    fails.append(f"NLL differs by {abs(g['nll'] - t['nll']):.4f} > 0.01")
if abs(g["precision"] - t["precision"]) > 0.02:
    fails.append(f"precision differs by {abs(g['precision'] - t['precision']):.4f} > 0.02")
for k in range(5):
    gk = go[f"cond_{k}"]
    tk = json.load(open(f"{work}/torch_cond_{k}.json"))
    print(f"guided state {k}: Go label accuracy {gk['label_accuracy']:.4f} (NLL {gk['nll']:.4f}) | "
          f"torch {tk['label_accuracy']:.4f} (NLL {tk['nll']:.4f})")
    if gk["label_accuracy"] < 0.98:
        fails.append(f"guided state {k}: label accuracy {gk['label_accuracy']:.4f} < 0.98")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
