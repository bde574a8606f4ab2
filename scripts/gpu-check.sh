#!/usr/bin/env bash
# gpu-check.sh: the project on XLA/CUDA, measured against PyTorch CUDA, in one
# command on a GPU machine that has no Go and no network (the `device` tool's
# H200: CUDA 13, python3 with torch and jax-cuda13-pjrt, whose PJRT CUDA plugin
# go-xla loads). Built here, run there.
#
# Usage: scripts/gpu-check.sh build | device | dry-run | run-call
#   build     here: builds into .gpu/ (git-ignored; gzipped, stripped):
#             the ddpm binary and the ddpm test binary (GOEXPERIMENT=simd),
#             a manifest; checks what travels fits in 64 MiB; prints the
#             device call
#   device    there: finds the plugin, then with timeouts (about 6 minutes,
#             at most GPU_CHECK_BUDGET_S): env (GPU, versions, PJRT API
#             version of the plugin against go-xla's header, a JAX check),
#             probe (a 3-step training on XLA), bench (ddpm bench -json with
#             -batches 10000,65536,262144), torch (bench/pytorch_bench.py
#             --device cuda, the same figures), all (ddpm all, default
#             recipe, into a temp dir), test (the ddpm tests on XLA); writes
#             into $OUT: summary.txt, summary.json, bench_go.json,
#             bench_torch.json, metrics.json, report.pdf, one figure and
#             logs.tar.gz (every log)
#   dry-run   here: build, then the device step on the CPU (pure-Go backend,
#             PyTorch on the CPU, -quick sizes, a few tests; plugin discovery
#             against a fake site-packages) into ${OUT:-/tmp/gpu-check-dry/out}:
#             proves the plumbing, measures nothing
#   run-call  prints the device tool call
#
# The device tool call (a later session with a GPU; build first, here):
#   run(command="bash scripts/gpu-check.sh device", carry=[".gpu"], timeout_s=600)
# A rerun of some stages only (the env and probe stages always run):
#   run(command="GPU_CHECK_STAGES=all,test bash scripts/gpu-check.sh device", carry=[".gpu"], timeout_s=600)
#
# Environment (device step):
#   GPU_CHECK_STAGES     bench,torch,all,test (default: all four)
#   GPU_CHECK_BUDGET_S   the whole step's limit in seconds (default 540)
#   GPU_CHECK_TF32       1 (default): TF32 matrix products on both sides (go-xla's
#                        CUDA default; pytorch_bench.py --tf32); 0: full float32
#   GPU_CHECK_BACKEND    use this -backend instead of finding the plugin
#   GPU_CHECK_BATCHES    extra bench batch sizes (default 10000,65536,262144)
#   GPU_CHECK_MIN_TIME   seconds per training figure, both sides (default 3)
#   GPU_CHECK_TEST_RUN   -test.run pattern of the ddpm tests (default: all)
#   GPU_CHECK_TEST_TF32  1: tests with TF32 too (default 0: tf32=false)
#   GPU_CHECK_WORK       work folder (default: a new one under /tmp)
#   PYTHON               python with torch (default /opt/torch/.venv/bin/python3
#                        if present, else python3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
GPU=$ROOT/.gpu
LIMIT_MIB=64
RUN_CALL='run(command="bash scripts/gpu-check.sh device", carry=[".gpu"], timeout_s=600)'

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "gpu-check: $*" >&2; exit 1; }

# ---------------------------------------------------------------- build (here)

# travel_bytes prints the size of what the device tool sends: tracked and
# untracked-not-ignored files, plus .gpu.
travel_bytes() {
	local tree gpu
	tree=$(git ls-files -z -co --exclude-standard | xargs -0 -r stat -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}')
	gpu=$(du -sb "$GPU" | cut -f1)
	echo "$tree $gpu"
}

build() {
	command -v go >/dev/null || die "build: no go on PATH"
	export GOEXPERIMENT=${GOEXPERIMENT:-simd} CGO_ENABLED=1
	rm -rf "$GPU"
	mkdir -p "$GPU"
	git check-ignore -q .gpu/ddpm.gz || die "build: .gpu is not git-ignored (it must travel only as carry)"
	local flags=(-trimpath -ldflags=-s\ -w)
	echo "== build: $(go version), GOEXPERIMENT=$GOEXPERIMENT"
	go build "${flags[@]}" -o "$GPU/ddpm" ./cmd/ddpm
	go test -c "${flags[@]}" -o "$GPU/ddpm.test" ./ddpm
	local xla_dir header
	xla_dir=$(go list -m -f '{{.Dir}}' github.com/gomlx/go-xla)
	header=$(python3 bench/gpu_env.py header-version "$xla_dir/pjrt/pjrt_c_api.h")
	{
		echo "BUILD=$(git describe --always --dirty) $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "GO=$(go version | cut -d' ' -f3-)"
		echo "GO_XLA=$(go list -m -f '{{.Version}}' github.com/gomlx/go-xla)"
		echo "PJRT_HEADER_VERSION=$header"
		if command -v objdump >/dev/null; then
			echo "GLIBC_NEEDED=$(objdump -T "$GPU/ddpm" "$GPU/ddpm.test" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
		fi
		(cd "$GPU" && sha256sum ddpm ddpm.test | sed 's/^/SHA256=/')
	} >"$GPU/manifest.txt"
	gzip -9 -f "$GPU/ddpm" "$GPU/ddpm.test"
	local sizes tree gpu
	sizes=$(travel_bytes)
	tree=${sizes% *}
	gpu=${sizes#* }
	echo "== sizes: ddpm.gz $(stat -c %s "$GPU/ddpm.gz") B, ddpm.test.gz $(stat -c %s "$GPU/ddpm.test.gz") B;" \
		"working tree $tree B + .gpu $gpu B = $(((tree + gpu) / 1024 / 1024)) MiB of $LIMIT_MIB MiB"
	((tree + gpu < LIMIT_MIB * 1024 * 1024)) || die "build: what travels is over $LIMIT_MIB MiB"
	cat "$GPU/manifest.txt"
	echo "== device call:"
	echo "  $RUN_CALL"
}

# ---------------------------------------------------------------- device (there)

# Globals of the device step.
W=""          # work dir
BIN=""        # ddpm binary
TESTBIN=""    # ddpm test binary
PY=""         # python with torch
MODE=gpu      # gpu or dry
BUDGET=540
T0=$SECONDS
B=""          # the -backend that the probe found working

elapsed() { echo $((SECONDS - T0)); }

# want STAGE: whether GPU_CHECK_STAGES selects it.
want() { [[ ",${GPU_CHECK_STAGES:-bench,torch,all,test}," == *",$1,"* ]]; }

# record STAGE RC SECONDS NOTE
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$W/status.tsv"; }
envline() { echo "$1=$2" >>"$W/env.txt"; }

# stage NAME CAP CMD...: runs CMD under timeout (CAP seconds, less when the
# budget is short; 30 s are kept for the summary), output to logs/NAME.log
# and stdout; records the status. Never fails.
stage() {
	local name=$1 cap=$2
	shift 2
	local left=$((BUDGET - $(elapsed) - 30))
	local t=$((cap < left ? cap : left))
	if ((t < 15)); then
		echo "== $name: skipped, no time left ($(elapsed) s elapsed)"
		record "$name" skip 0 "no time left"
		return 0
	fi
	echo "== $name (timeout ${t} s, $(elapsed) s elapsed): $*"
	local began=$SECONDS rc=0
	set +e
	timeout -k 10 "$t" "$@" 2>&1 | tee "$W/logs/$name.log"
	rc=${PIPESTATUS[0]}
	set -e
	local note=""
	((rc == 124 || rc == 137)) && note="timed out after ${t} s"
	record "$name" "$rc" $((SECONDS - began)) "$note"
	echo "== $name: rc=$rc in $((SECONDS - began)) s $note"
	return 0
}

# env_stage: what the machine has, the plugin and the go-xla layout.
env_stage() {
	echo "date: $(date -u)"
	echo "uname: $(uname -srm)"
	echo "cpus: $(nproc)"
	echo "libc: $(ldd --version 2>&1 | head -1)"
	cat "$GPU/manifest.txt"
	if command -v nvidia-smi >/dev/null; then
		nvidia-smi || true
		local q
		q=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1 || true)
		envline GPU "${q%%,*}"
		envline DRIVER "$(echo "$q" | cut -d, -f2- | sed 's/^ *//')"
	else
		echo "no nvidia-smi"
	fi
	command -v nvcc >/dev/null && nvcc --version | tail -2
	echo "python: $PY ($("$PY" --version 2>&1))"
	timeout 60 "$PY" -m pip list 2>/dev/null | grep -iE '^(torch|jax|jaxlib|jax-cuda|nvidia-|numpy|scipy|cuda-)' || true
	envline TORCH "$(timeout 60 "$PY" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1)"
}

# find_backend: lays out the plugin for go-xla, exports what it needs and
# sets CANDIDATES, the -backend values to probe in order.
CANDIDATES=()
find_backend() {
	local stage_dir=$W/go-xla
	local sp_arg=()
	[[ -n ${GPU_CHECK_SITE_PACKAGES:-} ]] && sp_arg=(--site-packages "$GPU_CHECK_SITE_PACKAGES")
	local lines
	lines=$("$PY" bench/gpu_env.py discover --stage "$stage_dir" "${sp_arg[@]}") || true
	echo "$lines"
	local PLUGIN="" PJRT_DIR="" CUDA_DATA_DIR="" PTXAS="" LIBDEVICE="" NVIDIA_LIB_PATH="" SITE_PACKAGES=""
	eval "$lines"
	envline PLUGIN "${PLUGIN:-none found}"
	envline PJRT_HEADER_VERSION "$(sed -n 's/^PJRT_HEADER_VERSION=//p' "$GPU/manifest.txt")"
	if [[ -n $PLUGIN ]]; then
		ls -la "$PJRT_DIR" || true
		(command -v readelf >/dev/null && readelf -d "$PLUGIN" | grep -E 'RPATH|RUNPATH|NEEDED') || true
		(ldd "$PLUGIN" 2>&1 | grep -E 'not found|cuda|nvidia') || true
		# The NVIDIA pip libraries and the driver's folder, for the plugin's
		# own dlopen calls (LD_LIBRARY_PATH is read when a process starts).
		local ld=$NVIDIA_LIB_PATH
		[[ -d /usr/local/nvidia/lib64 ]] && ld=$ld:/usr/local/nvidia/lib64
		export LD_LIBRARY_PATH=$ld${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
		export PJRT_PLUGIN_LIBRARY_PATH=$PJRT_DIR
		export XLA_FLAGS="--xla_gpu_cuda_data_dir=$PJRT_DIR${XLA_FLAGS:+ $XLA_FLAGS}"
		local v
		v=$("$PY" bench/gpu_env.py pjrt-version "$PLUGIN" 2>&1) || true
		envline PJRT_PLUGIN_VERSION "$v"
		local h
		h=$(sed -n 's/^PJRT_HEADER_VERSION=//p' "$GPU/manifest.txt")
		if [[ $v != "$h" ]]; then
			echo "note: the plugin's PJRT C API version ($v) differs from go-xla's header ($h)"
		fi
		CANDIDATES+=(xla:cuda "xla:$PLUGIN")
	fi
	echo "site-packages: $SITE_PACKAGES"
	echo "CUDA data dir: ${CUDA_DATA_DIR:-none} (ptxas ${PTXAS:-none}, libdevice ${LIBDEVICE:-none})"
	echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
	echo "PJRT_PLUGIN_LIBRARY_PATH=${PJRT_PLUGIN_LIBRARY_PATH:-}"
	echo "XLA_FLAGS=${XLA_FLAGS:-}"
}

# jax_check: JAX on the same plugin, to tell a machine problem from a go-xla one.
jax_check() {
	XLA_PYTHON_CLIENT_PREALLOCATE=false timeout 90 "$PY" -c '
import jax, jax.numpy as jnp
d = jax.devices()
print("jax", jax.__version__, d)
print("jax sum", float(jnp.arange(1000.0).sum()))' 2>&1 | tail -5
}

device() {
	[[ -n ${OUT:-} ]] || die "device: OUT is not set (the folder whose files come back)"
	[[ -f $GPU/ddpm.gz && -f $GPU/ddpm.test.gz ]] || die "device: no .gpu/ddpm.gz: run scripts/gpu-check.sh build here first and carry .gpu"
	mkdir -p "$OUT"
	BUDGET=${GPU_CHECK_BUDGET_S:-540}
	T0=$SECONDS
	W=${GPU_CHECK_WORK:-$(mktemp -d /tmp/gpu-check.XXXXXX)}
	mkdir -p "$W/logs" "$W/bin"
	: >"$W/status.tsv"
	: >"$W/env.txt"
	gunzip -c "$GPU/ddpm.gz" >"$W/bin/ddpm"
	gunzip -c "$GPU/ddpm.test.gz" >"$W/bin/ddpm.test"
	chmod +x "$W/bin/ddpm" "$W/bin/ddpm.test"
	BIN=$W/bin/ddpm
	TESTBIN=$W/bin/ddpm.test
	if [[ -n ${PYTHON:-} ]]; then
		PY=$PYTHON
	elif [[ -x /opt/torch/.venv/bin/python3 ]]; then
		PY=/opt/torch/.venv/bin/python3
	else
		PY=python3
	fi
	export PYTHONUNBUFFERED=1
	envline BUILD "$(sed -n 's/^BUILD=//p' "$GPU/manifest.txt")"
	local tf32=${GPU_CHECK_TF32:-1} batches=${GPU_CHECK_BATCHES:-10000,65536,262144}
	local min_time=${GPU_CHECK_MIN_TIME:-3}
	envline TF32 "$tf32"

	local began=$SECONDS
	echo "== env"
	# In this shell, not a pipeline's subshell: find_backend exports.
	{ env_stage; find_backend; } >"$W/logs/env.log" 2>&1 || echo "gpu-check: env stage: exit $?" >>"$W/logs/env.log"
	cat "$W/logs/env.log"
	if [[ $MODE == gpu && ${#CANDIDATES[@]} -gt 0 ]]; then
		local j
		j=$(jax_check | tee -a "$W/logs/env.log" | tr '\n' ' ')
		envline JAX_CHECK "$j"
	fi
	record env 0 $((SECONDS - began)) "plugin candidates: ${CANDIDATES[*]:-none}"

	# Backend: GPU_CHECK_BACKEND, else the first candidate that trains.
	local cands=("${CANDIDATES[@]}") suffix=""
	if [[ -n ${GPU_CHECK_BACKEND:-} ]]; then
		cands=("$GPU_CHECK_BACKEND")
	fi
	if [[ $MODE == dry ]]; then
		cands+=(go)
	fi
	if [[ $tf32 == 0 ]]; then
		suffix=,tf32=false
	fi
	local c cb i=0
	for c in "${cands[@]}"; do
		i=$((i + 1))
		cb=$c
		if [[ $cb == xla:* && $cb != *tf32* ]]; then
			cb=$cb$suffix
		fi
		echo "== backend candidate $i: $cb"
		stage "probe$i" 120 "$BIN" train -steps 3 -hidden 16 -nll-every 0 -out "$W/probe$i" -backend "$cb"
		if [[ $(tail -n 1 "$W/status.tsv" | cut -f2) == 0 ]]; then
			B=$cb
			break
		fi
	done
	envline BACKEND "${B:-none works}"
	echo "== backend: ${B:-none works}"

	local go_extra=() torch_extra=() all_extra=()
	if [[ $MODE == dry ]]; then
		go_extra=(-quick)
		torch_extra=(--quick --threads 1)
		all_extra=(-quick)
	else
		torch_extra=(--device cuda)
		if [[ $tf32 == 1 ]]; then
			torch_extra+=(--tf32)
		fi
	fi
	if [[ -n $B ]] && want bench; then
		stage bench 150 "$BIN" bench -json -backend "$B" -min-time "${min_time}s" -batches "$batches" "${go_extra[@]}"
	fi
	if want torch; then
		stage torch 150 "$PY" bench/pytorch_bench.py --json --min-time "$min_time" --batches "$batches" "${torch_extra[@]}"
	fi
	if [[ -n $B ]] && want all; then
		stage all 240 "$BIN" all -backend "$B" -out "$W/all" "${all_extra[@]}"
	fi
	if [[ -n $B ]] && want test; then
		local tb=$B
		if [[ $tb == xla:* && $tb != *tf32* && ${GPU_CHECK_TEST_TF32:-0} == 0 ]]; then
			tb=$tb,tf32=false
		fi
		envline TEST_BACKEND "$tb"
		local left=$((BUDGET - $(elapsed) - 30))
		local tt=$((left > 40 ? left - 10 : 30))
		# shellcheck disable=SC2016 # $0 and $@ are the inner shell's
		stage test 400 env DDPM_TEST_BACKEND="$tb" bash -c 'cd ddpm && exec "$0" "$@"' "$TESTBIN" \
			-test.v -test.count=1 -test.timeout "${tt}s" -test.run "${GPU_CHECK_TEST_RUN:-.}"
	fi

	# Results into $OUT (at most 8 files).
	if [[ -f $W/logs/bench.log ]]; then
		tail -n 1 "$W/logs/bench.log" | grep '^{' >"$OUT/bench_go.json" || rm -f "$OUT/bench_go.json"
	fi
	if [[ -f $W/logs/torch.log ]]; then
		tail -n 1 "$W/logs/torch.log" | grep '^{' >"$OUT/bench_torch.json" || rm -f "$OUT/bench_torch.json"
	fi
	if [[ -f $W/all/metrics.json ]]; then
		cp "$W/all/metrics.json" "$OUT/"
	fi
	if [[ -f $W/all/report.pdf ]] && (($(stat -c %s "$W/all/report.pdf") < 15 * 1024 * 1024)); then
		cp "$W/all/report.pdf" "$OUT/"
	fi
	local fig
	fig=$( (ls "$W"/all/figures/*.png 2>/dev/null || true) | awk '/uncond/ {print; exit}')
	if [[ -n $fig ]]; then
		cp "$fig" "$OUT/figure_$(basename "$fig")"
	fi
	"$PY" bench/gpu_summary.py --work "$W" --out "$OUT" --mode "$MODE" || echo "gpu-check: summary failed" >&2
	local keep=() f
	for f in "$W"/all/*.json "$W"/all/*.html; do
		[[ -f $f ]] && keep+=("all/$(basename "$f")")
	done
	(cd "$W" && tar czf "$OUT/logs.tar.gz" logs env.txt status.tsv "${keep[@]}") || true
	if (($(stat -c %s "$OUT/logs.tar.gz" 2>/dev/null || echo 0) > 15 * 1024 * 1024)); then
		(cd "$W" && tar czf "$OUT/logs.tar.gz" logs env.txt status.tsv)
	fi
	echo "== done in $(elapsed) s; files in $OUT:"
	ls -la "$OUT"
	return 0
}

# ---------------------------------------------------------------- dry run (here)

# fake_site_packages DIR: a site-packages with the layout of the GPU
# machine's (an empty plugin that does not load), for the discovery code.
fake_site_packages() {
	local sp=$1
	mkdir -p "$sp/jax_plugins/xla_cuda13" "$sp/nvidia/cu13/lib" "$sp/nvidia/cu13/bin" \
		"$sp/nvidia/cu13/nvvm/libdevice" "$sp/nvidia/cudnn/lib"
	: >"$sp/jax_plugins/xla_cuda13/xla_cuda_plugin.so"
	: >"$sp/nvidia/cu13/nvvm/libdevice/libdevice.10.bc"
	printf '#!/bin/sh\necho fake ptxas\n' >"$sp/nvidia/cu13/bin/ptxas"
	chmod +x "$sp/nvidia/cu13/bin/ptxas"
}

dry_run() {
	build
	local dry=/tmp/gpu-check-dry
	rm -rf "$dry"
	fake_site_packages "$dry/site-packages"
	export OUT=${OUT:-$dry/out} GPU_CHECK_SITE_PACKAGES=$dry/site-packages GPU_CHECK_WORK=$dry/work
	export PYTHON=${PYTHON:-/usr/bin/python3} GPU_CHECK_BATCHES=${GPU_CHECK_BATCHES:-1024}
	export GPU_CHECK_MIN_TIME=${GPU_CHECK_MIN_TIME:-0.3}
	export GPU_CHECK_TEST_RUN=${GPU_CHECK_TEST_RUN:-'^(TestBenchResultJSONFlattensExtra|TestAutoBenchBatchesNoneOnCPU|TestTinyDenoiserLossDrops)$'}
	MODE=dry
	echo "== dry run: the device step on the CPU, OUT=$OUT"
	device
}

case "${1:-}" in
build) build ;;
device) device ;;
dry-run) dry_run ;;
run-call) echo "$RUN_CALL" ;;
-h | --help | help) usage ;;
*)
	usage >&2
	exit 2
	;;
esac
