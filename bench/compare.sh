#!/usr/bin/env bash
# bench/compare.sh: runs `ddpm bench -json` (Go) and bench/pytorch_bench.py
# --json (PyTorch, CPU) side by side -- Go, then PyTorch, then Go again,
# keeping each side's best per figure -- and prints the ratios (speed-up of Go
# over PyTorch) and whether the four acceptance figures are >= 1.0x.
#
# Usage: bench/compare.sh [--quick] [--min-time SECONDS] [--go-runs N]
#                         [--go ARG]... [--py ARG]... [--strict]
#   --quick           -quick to ddpm bench, --quick to the PyTorch script
#                     (a smoke test: the figures are not measurements)
#   --min-time S      least seconds per training figure on both sides
#   --go-runs N       Go runs (default 2: before and after PyTorch)
#   --go ARG          pass ARG to ddpm bench only (repeatable)
#   --py ARG          pass ARG to the PyTorch script only (repeatable)
#   --strict          exit 1 when an acceptance figure is below 1.0x
# Environment:
#   DDPM_BIN   use this ddpm binary instead of building ./cmd/ddpm
#   PYTHON     the python with torch (default /usr/bin/python3, Debian's)
#   GOEXPERIMENT  default simd for the build
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
go_args=(bench -json)
py_args=(bench/pytorch_bench.py --json)
go_runs=2
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
	-h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

go_logs=()
run go1 "$bin" "${go_args[@]}"
go_logs+=("$tmp/go1.json")
run torch "$PYTHON" "${py_args[@]}"
for ((i = 2; i <= go_runs; i++)); do
	if run "go$i" "$bin" "${go_args[@]}"; then
		go_logs+=("$tmp/go$i.json")
	fi
done

echo
echo "== comparison (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
QUICK=$quick STRICT=$strict "$PYTHON" - "$tmp/torch.json" "${go_logs[@]}" <<'EOF'
import json, os, sys

def load(path):
    with open(path) as f:
        line = f.read().strip()
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        sys.exit(f"compare.sh: last line of {path} is not JSON: {line[:200]!r}")

torch = load(sys.argv[1])
gos = [load(p) for p in sys.argv[2:]]

def higher_better(k):
    return k.endswith("_per_s")  # steps/s and GFLOP/s: higher; seconds (_s): lower

order = ["denoiser_b10000_steps_per_s", "denoiser_b10000_gflop_per_s",
         "denoiser_b2048_steps_per_s", "denoiser_b2048_gflop_per_s",
         "classifier_b10000_steps_per_s", "sample_5000x500_s", "guided_5000x500_s",
         "kde_nll_5000_s"]
accept = ["denoiser_b10000_steps_per_s", "denoiser_b2048_steps_per_s",
          "sample_5000x500_s", "guided_5000x500_s"]
num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
keys = [k for k in order if k in torch or any(k in g for g in gos)]
keys += sorted(k for k in set(torch) | {k for g in gos for k in g}
               if k not in keys and not k.startswith("threads_") and k != "backend"
               and (num(torch.get(k)) or any(num(g.get(k)) for g in gos)))

go = {}
for k in keys:
    vals = [g[k] for g in gos if num(g.get(k))]
    if vals:
        go[k] = max(vals) if higher_better(k) else min(vals)

print(f"Go backend: {gos[0].get('backend', '?')} (best of {len(gos)} run(s)); "
      f"PyTorch: {torch.get('backend', '?')}")
print(f"{'figure':<32}{'Go':>12}{'PyTorch':>12}{'Go/PyTorch':>12}  {'acceptance':<10}  all Go runs")
fails = []
for k in keys:
    g, t = go.get(k), torch.get(k)
    ratio = None
    if num(g) and num(t) and g > 0 and t > 0:
        ratio = g / t if higher_better(k) else t / g
    acc = ""
    if k in accept:
        ok = ratio is not None and ratio >= 1.0
        acc = "ok >=1.0x" if ok else "BELOW 1.0x" if ratio is not None else "missing"
        if not ok:
            fails.append(k)
    th = torch.get("threads_" + k)
    tcol = f"{t:12.3f}" if num(t) else f"{'-':>12}"
    runs = " ".join(f"{x[k]:.3f}" for x in gos if num(x.get(k)))
    gcol = f"{g:12.3f}" if num(g) else f"{'-':>12}"
    print(f"{k:<32}{gcol}{tcol}"
          f"{(f'{ratio:.2f}x' if ratio is not None else '-'):>12}  {acc:<10}  {runs}"
          + (f"  (torch {th} thr)" if th else ""))
print("ratio: speed-up of Go over PyTorch (steps/s, GFLOP/s: Go/PyTorch; seconds: PyTorch/Go)")
if os.environ.get("QUICK") == "1":
    print("quick run: tiny sizes, a smoke test -- these ratios are not measurements")
if fails:
    print("acceptance: FAIL (" + ", ".join(fails) + ")")
    sys.exit(1 if os.environ.get("STRICT") == "1" else 0)
print("acceptance: all four figures >= 1.0x")
EOF
