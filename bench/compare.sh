#!/usr/bin/env bash
# bench/compare.sh: runs `ddpm bench -json` on every CPU backend (pure Go and
# ONNX Runtime) and bench/pytorch_bench.py --json (PyTorch, CPU, best of 1 and
# 2 threads) side by side in one run -- each backend, then PyTorch, then each
# backend again, keeping each side's best per figure -- and prints the ratios
# (speed-up over PyTorch) and whether the four acceptance figures are >= 1.0x
# on the default backend (the first of --backends that ran). It also times
# the machine's matrix-multiply limit (bench/sgemm_limit.py: torch a @ b,
# OpenBLAS at two threads) at the sampler's and the training step's shapes
# and prints each backend's figures as a share of it.
#
# Usage: bench/compare.sh [--quick] [--min-time SECONDS] [--go-runs N]
#                         [--backends go,onnx] [--go ARG]... [--py ARG]...
#                         [--strict]
#   --quick           -quick to ddpm bench, --quick to the PyTorch script
#                     (a smoke test: the figures are not measurements)
#   --min-time S      least seconds per training figure on both sides
#   --go-runs N       runs per backend (default 2: before and after PyTorch)
#   --backends LIST   ddpm backends to time, comma-separated (default: go and
#                     onnx, the one "auto" picks here first; onnx is skipped
#                     with a note when its library is not installed)
#   --go ARG          pass ARG to ddpm bench only (repeatable)
#   --py ARG          pass ARG to the PyTorch script only (repeatable)
#   --strict          exit 1 when an acceptance figure is below 1.0x
# Environment:
#   DDPM_BIN   use this ddpm binary instead of building ./cmd/ddpm
#   ONNXRUNTIME_SHARED_LIBRARY_PATH  the ONNX Runtime library (default: the
#              copy scripts/install-deps.sh put in .tools/)
#   PYTHON     the python with torch (default /usr/bin/python3, Debian's)
#   GOEXPERIMENT  default simd for the build
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
go_args=(bench -json)
py_args=(bench/pytorch_bench.py --json)
go_runs=2
backends=""
strict=0
quick=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--quick | -quick) go_args+=(-quick); py_args+=(--quick); quick=1 ;;
	--min-time | -min-time)
		go_args+=(-min-time "${2}s"); py_args+=(--min-time "$2"); shift ;;
	--go-runs) go_runs=$2; shift ;;
	--go) go_args+=("$2"); shift ;;
	--py) py_args+=("$2"); shift ;;
	--strict) strict=1 ;;
	--backends) backends=$2; shift ;;
	-h | --help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== machine"
echo "uptime: $(uptime)"
echo "CPUs: $(nproc); $(uname -srm)"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-<unset>}"
if [[ -n ${OPENBLAS_CORETYPE-} || -n ${OPENBLAS_L2_SIZE-} ]]; then
	echo "  note: these OpenBLAS workarounds can slow numpy/scipy (the KDE figure);"
	echo "  torch uses its own BLAS/oneDNN kernels. Left as they are."
fi
other=$(env | grep -E '^(OMP_|MKL_|OPENBLAS_|GOMAXPROCS|GOMLX_)' | grep -vE '^OPENBLAS_(CORETYPE|L2_SIZE)=' || true)
[[ -n $other ]] && echo "other settings: $(echo "$other" | tr '\n' ' ')"

if [[ -n ${DDPM_BIN-} ]]; then
	bin=$DDPM_BIN
	echo "Go: using DDPM_BIN=$bin"
else
	bin=$tmp/ddpm
	echo "Go: $(go version); GOEXPERIMENT=${GOEXPERIMENT:-simd} go build -o $bin ./cmd/ddpm"
	GOEXPERIMENT=${GOEXPERIMENT:-simd} go build -o "$bin" ./cmd/ddpm
fi
echo "PyTorch: $("$PYTHON" -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())')"

# run NAME CMD...: streams the output, keeps it in $tmp/NAME.log, its last
# line in $tmp/NAME.json.
run() {
	local name=$1
	shift
	echo
	echo "== $name: $*   (load: $(cut -d' ' -f1-3 /proc/loadavg))"
	local began=$SECONDS
	if ! "$@" 2>&1 | tee "$tmp/$name.log"; then
		echo "compare.sh: $name failed" >&2
		return 1
	fi
	echo "($name took $((SECONDS - began)) s)"
	tail -n 1 "$tmp/$name.log" >"$tmp/$name.json"
}

if [[ -z $backends ]]; then
	# The backend "auto" picks here first: the acceptance is on the default.
	auto=$("$bin" backend | tail -n 1)
	backends=go,onnx
	[[ $auto == onnx ]] && backends=onnx,go
	echo "default backend here (auto): $auto"
fi
IFS=, read -r -a blist <<<"$backends"
ran=()
for b in "${blist[@]}"; do
	if [[ $b == onnx* ]] && [[ -z ${ONNXRUNTIME_SHARED_LIBRARY_PATH-} ]] && [[ ! -f .tools/onnxruntime/libonnxruntime.so.1 ]]; then
		echo "note: backend $b skipped: ONNX Runtime is not installed (scripts/install-deps.sh --runtime)"
		continue
	fi
	ran+=("$b")
done
logs=()
for b in "${ran[@]}"; do
	run "$b.1" "$bin" "${go_args[@]}" -backend "$b"
	logs+=("$b=$tmp/$b.1.json")
done
run torch "$PYTHON" "${py_args[@]}"
# The machine's matrix-multiply limit, through the PyTorch side's BLAS at two
# threads (Debian's torch calls OpenBLAS, whose pool obeys this variable).
sgemm_time=0.5
((quick)) && sgemm_time=0.1
sgemm=$tmp/sgemm.json
if ! run sgemm env OPENBLAS_NUM_THREADS=2 "$PYTHON" bench/sgemm_limit.py --json --threads 2 --min-time "$sgemm_time"; then
	echo "note: no sgemm limit: the shares of it are not printed"
	sgemm=""
fi
for ((i = 2; i <= go_runs; i++)); do
	for b in "${ran[@]}"; do
		if run "$b.$i" "$bin" "${go_args[@]}" -backend "$b"; then
			logs+=("$b=$tmp/$b.$i.json")
		fi
	done
done

echo
echo "== comparison (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
QUICK=$quick STRICT=$strict SGEMM=$sgemm "$PYTHON" - "$tmp/torch.json" "${logs[@]}" <<'EOF'
import json, os, sys

def load(path):
    with open(path) as f:
        line = f.read().strip()
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        sys.exit(f"compare.sh: last line of {path} is not JSON: {line[:200]!r}")

torch = load(sys.argv[1])
runs = {}  # backend -> [results], in the order given (the default first)
for arg in sys.argv[2:]:
    name, path = arg.split("=", 1)
    runs.setdefault(name, []).append(load(path))
names = list(runs)

def higher_better(k):
    return k.endswith("_per_s")  # steps/s, GFLOP/s, samples/s: higher; seconds (_s): lower

order = ["denoiser_b10000_steps_per_s", "denoiser_b10000_gflop_per_s",
         "denoiser_b2048_steps_per_s", "denoiser_b2048_gflop_per_s",
         "classifier_b10000_steps_per_s", "sample_5000x500_s", "guided_5000x500_s",
         "kde_nll_5000_s"]
accept = ["denoiser_b10000_steps_per_s", "denoiser_b2048_steps_per_s",
          "sample_5000x500_s", "guided_5000x500_s"]
num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
allres = [r for rs in runs.values() for r in rs]
keys = [k for k in order if k in torch or any(k in g for g in allres)]
keys += sorted(k for k in set(torch) | {k for g in allres for k in g}
               if k not in keys and not k.startswith("threads_") and k != "backend"
               and num(torch.get(k)) and any(num(g.get(k)) for g in allres))

best = {}
for n in names:
    best[n] = {}
    for k in keys:
        vals = [g[k] for g in runs[n] if num(g.get(k))]
        if vals:
            best[n][k] = max(vals) if higher_better(k) else min(vals)

def ratio(g, t, k):
    if num(g) and num(t) and g > 0 and t > 0:
        return g / t if higher_better(k) else t / g
    return None

print(f"backends (best of {max(len(r) for r in runs.values())} runs each): {', '.join(names)}; "
      f"default: {names[0]}; PyTorch: {torch.get('backend', '?')}")
head = f"{'figure':<32}" + "".join(f"{n:>10}" for n in names) + f"{'PyTorch':>10}"
head += "".join(f"{n + '/PT':>10}" for n in names) + "  acceptance (default)"
print(head)
fails = []
for k in keys:
    t = torch.get(k)
    row = f"{k:<32}"
    row += "".join(f"{best[n][k]:10.3f}" if num(best[n].get(k)) else f"{'-':>10}" for n in names)
    row += f"{t:10.3f}" if num(t) else f"{'-':>10}"
    rs = [ratio(best[n].get(k), t, k) for n in names]
    row += "".join(f"{(f'{r:.2f}x' if r is not None else '-'):>10}" for r in rs)
    if k in accept:
        r = rs[0]
        ok = r is not None and r >= 1.0
        row += "  " + ("ok >=1.0x" if ok else "BELOW 1.0x" if r is not None else "missing")
        if not ok:
            fails.append(k)
    th = torch.get("threads_" + k)
    if th:
        row += f"  (torch {th} thr)"
    print(row)
print("ratio: speed-up over PyTorch (steps/s, GFLOP/s: ours/PyTorch; seconds: PyTorch/ours)")

# Each figure as a share of the machine's sgemm limit at its shapes: the
# figure's matrix-product work at the limit's speed over the time it took.
# Parameters of the default models (bench/README.md): products of a forward
# pass are 2 x params FLOP per sample, of a training step 6 x params.
if os.environ.get("SGEMM"):
    lim = load(os.environ["SGEMM"])
    P_DEN, P_CLF, STEPS = 198918, 123608, 500
    n = 500 if os.environ.get("QUICK") == "1" else 5000
    print()
    print(f"machine's sgemm limit (torch a @ b, OpenBLAS, {lim.get('sgemm_threads', '?')} threads, fastest repetition): "
          f"[5000,256]x[256,256] {lim['sgemm_sample_gflop_per_s']:.1f} GFLOP/s; training step products "
          f"b10000 {lim['sgemm_train_b10000_gflop_per_s']:.1f}, b2048 {lim['sgemm_train_b2048_gflop_per_s']:.1f} GFLOP/s")
    # key -> (GFLOP of products, limit key, what)
    work = {
        "sample_5000x500_s": (2 * P_DEN * n * STEPS / 1e9, "sgemm_sample_gflop_per_s",
                              "denoiser forward x 500"),
        "guided_5000x500_s": (2 * (P_DEN + 2 * P_CLF) * n * STEPS / 1e9, "sgemm_sample_gflop_per_s",
                              "denoiser + classifier forward and input gradient x 500, at the sampler's limit"),
        "denoiser_b10000_steps_per_s": (6 * P_DEN * 10000 / 1e9, "sgemm_train_b10000_gflop_per_s",
                                        "per step"),
        "denoiser_b2048_steps_per_s": (6 * P_DEN * 2048 / 1e9, "sgemm_train_b2048_gflop_per_s", "per step"),
    }
    print(f"{'share of the limit':<32}" + "".join(f"{n_:>10}" for n_ in names) + f"{'PyTorch':>10}" + "  work")
    for k, (gflop, lk, what) in work.items():
        floor = gflop / lim[lk]  # seconds (per step for training) at the limit
        def share(v):
            if not num(v) or v <= 0:
                return None
            return floor / v if not higher_better(k) else floor * v
        cells = [share(best[n_].get(k)) for n_ in names] + [share(torch.get(k))]
        row = f"{k:<32}" + "".join(f"{(f'{c:.0%}' if c is not None else '-'):>10}" for c in cells)
        unit = "s" if not higher_better(k) else "s/step"
        print(row + f"  {gflop:.1f} GFLOP ({what}); floor {floor:.3g} {unit}")
    print("share = time at the sgemm limit / time taken (issue 25's bars: sampling >= 75%, training b10000 >= 60%); "
          "a share over 100% means the limit was measured under more load than the figure")
if os.environ.get("QUICK") == "1":
    print("quick run: tiny sizes, a smoke test -- these ratios are not measurements")
if fails:
    print("acceptance: FAIL (" + ", ".join(fails) + ")")
    sys.exit(1 if os.environ.get("STRICT") == "1" else 0)
print(f"acceptance: all four figures >= 1.0x on {names[0]}")
EOF
