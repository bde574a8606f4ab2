#!/usr/bin/env bash
# install-deps.sh installs, on a Debian machine (bookworm), everything that the
# tests, the notebooks and CI of this project need, besides Go itself:
#
#   - Debian packages: Jupyter (classic notebook + nbconvert + ipykernel),
#     Chromium (headless screenshots), poppler-utils (pdftoppm), and Python's
#     torch/numpy/scipy (to cross-check the dataset files).
#   - Go tools at exact versions into $DDPM_TOOLS_DIR/bin: goimports (needed by
#     the GoNB kernel), staticcheck, and gonb built from the version that
#     go.mod pins (the "tool" directive).
#   - The GoNB Jupyter kernel, installed for the current user, with PATH,
#     GOEXPERIMENT=simd and DDPM_ECHARTS_JS set in its kernel.json so that the
#     kernel finds go/goimports (go.mod's toolchain first: no "switching to"
#     note in the notebooks) and draws charts offline.
#   - echarts (the JavaScript library that go-echarts loads) from npm into
#     $DDPM_TOOLS_DIR/npm, so that charts draw without a CDN.
#   - ONNX Runtime's CPU library (the fastest CPU backend on AVX2 CPUs), from the
#     npm package onnxruntime-node at a pinned version with `npm pack` (its
#     install script never runs), checked against a pinned SHA-256, into
#     $DDPM_TOOLS_DIR/onnxruntime/libonnxruntime.so.1.
#
# The Go toolchain that go.mod asks for (its "toolchain" line) is fetched by
# the go command itself from the module proxy: the printed environment sets
# GOTOOLCHAIN=auto, since some installs default to GOTOOLCHAIN=local.
#
# Usage: install-deps.sh [--runtime]
#   --runtime  only what running the pipeline needs (ONNX Runtime, echarts):
#              no Debian packages, Go tools or Jupyter kernel.
#
# It is idempotent: what is already there at the right version is skipped.
# Run it as root (or with sudo available) for the apt step; set
# DDPM_SKIP_APT=1 to skip that step. At the end it prints the environment
# variables to export.
#
# Environment:
#   DDPM_TOOLS_DIR  where tools go (default: <repo>/.tools, gitignored)
#   DDPM_SKIP_APT=1 skip the Debian packages
#   DDPM_SKIP_KERNEL=1 do not install the GoNB kernel
set -euo pipefail

RUNTIME_ONLY=""
case "${1:-}" in
--runtime) RUNTIME_ONLY=1 ;;
"") ;;
*)
	echo "usage: $0 [--runtime]" >&2
	exit 2
	;;
esac

# Exact versions. gonb's version comes from go.mod.
GOIMPORTS_VERSION=v0.52.0  # golang.org/x/tools
STATICCHECK_VERSION=v0.8.2 # honnef.co/go/tools
ECHARTS_VERSION=5.4.3      # what go-echarts v2.6.7 loads by default
ORT_NPM_VERSION=1.30.0     # onnxruntime-node, which ships ONNX Runtime 1.30.0
ORT_NPM_LIB=package/bin/napi-v6/linux/x64/libonnxruntime.so.1
ORT_SHA256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23

APT_PACKAGES=(
	jupyter-notebook jupyter-nbconvert jupyter-client python3-ipykernel
	chromium fonts-dejavu-core poppler-utils
	python3-torch python3-numpy python3-scipy
)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DDPM_TOOLS_DIR:-$REPO/.tools}"
BIN="$TOOLS/bin"
mkdir -p "$BIN"
TOOLS="$(cd "$TOOLS" && pwd)"
BIN="$TOOLS/bin"

log() { printf '[install-deps] %s\n' "$*" >&2; }

# quiet runs a command with its output kept in a log, shown only on failure.
quiet() {
	local out
	out="$(mktemp)"
	if ! "$@" >"$out" 2>&1; then
		cat "$out" >&2
		rm -f "$out"
		log "failed: $*"
		exit 1
	fi
	rm -f "$out"
}
start=$(date +%s)

# Go is a prerequisite (the Dockerfiles take it from the official image).
if ! command -v go >/dev/null 2>&1; then
	if [ -x /usr/local/go/bin/go ]; then
		export PATH="/usr/local/go/bin:$PATH"
	else
		log "go not found: install Go $(awk '/^go /{print $2}' "$REPO/go.mod") first (https://go.dev/dl/)"
		exit 1
	fi
fi
GOROOT_BIN="$(dirname "$(command -v go)")"
export PATH="$BIN:$PATH"
# go.mod's toolchain line, fetched by the go command from the module proxy.
export GOTOOLCHAIN=auto

# --- Debian packages --------------------------------------------------------
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if [ "${DDPM_SKIP_APT:-}" != 1 ] && [ -z "$RUNTIME_ONLY" ]; then
	# Ubuntu's chromium package is a snap stub that does not work in
	# containers: leave it out there (the notebook test then skips its
	# screenshot check unless DDPM_REQUIRE_NOTEBOOKS=1).
	if grep -qs '^ID=ubuntu' /etc/os-release; then
		APT_PACKAGES=("${APT_PACKAGES[@]/chromium/}")
	fi
	missing=()
	for p in "${APT_PACKAGES[@]}"; do
		[ -n "$p" ] || continue
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "apt: installing ${missing[*]}"
		aptlog="$(mktemp)"
		export DEBIAN_FRONTEND=noninteractive
		# Wait for another apt/dpkg (a parallel install) instead of failing.
		if ! { $SUDO apt-get update -qq -o DPkg::Lock::Timeout=900 &&
			$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}"; } >"$aptlog" 2>&1; then
			cat "$aptlog" >&2
			exit 1
		fi
		rm -f "$aptlog"
	else
		log "apt: all packages present"
	fi
fi

# --- Go tools ---------------------------------------------------------------
# go_tool_version prints the module version that built binary $1 ("" if none).
go_tool_version() {
	[ -x "$1" ] || return 0
	go version -m "$1" 2>/dev/null | awk '$1=="mod"{print $3; exit}'
}

install_go_tool() { # name package module-version
	local name=$1 pkg=$2 ver=$3
	if [ "$(go_tool_version "$BIN/$name")" = "$ver" ]; then
		log "$name $ver present"
		return
	fi
	log "go install $pkg@$ver"
	(cd "$TOOLS" && quiet env GOBIN="$BIN" go install "$pkg@$ver")
}
if [ -z "$RUNTIME_ONLY" ]; then
	install_go_tool goimports golang.org/x/tools/cmd/goimports "$GOIMPORTS_VERSION"
	install_go_tool staticcheck honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION"

	# gonb: the version pinned in go.mod, built through the module's tool directive.
	GONB_VERSION="$(cd "$REPO" && go list -m -f '{{.Version}}' github.com/janpfeifer/gonb)"
	if [ "$(go_tool_version "$BIN/gonb")" = "$GONB_VERSION" ]; then
		log "gonb $GONB_VERSION present"
	else
		log "building gonb $GONB_VERSION"
		(cd "$REPO" && quiet go build -o "$BIN/gonb" github.com/janpfeifer/gonb)
	fi
fi

# need_npm installs Debian's npm when it is missing.
need_npm() {
	command -v npm >/dev/null 2>&1 && return
	log "npm not found: installing Debian's npm"
	quiet $SUDO apt-get update -qq -o DPkg::Lock::Timeout=900
	quiet $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends npm
}

# --- echarts from npm ---------------------------------------------------------
ECHARTS_JS="$TOOLS/npm/node_modules/echarts/dist/echarts.min.js"
have_echarts=""
if [ -f "$TOOLS/npm/node_modules/echarts/package.json" ]; then
	have_echarts="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$TOOLS/npm/node_modules/echarts/package.json" | head -1)"
fi
if [ "$have_echarts" = "$ECHARTS_VERSION" ] && [ -f "$ECHARTS_JS" ]; then
	log "echarts $ECHARTS_VERSION present"
else
	need_npm
	log "npm install echarts@$ECHARTS_VERSION"
	mkdir -p "$TOOLS/npm"
	quiet npm install --prefix "$TOOLS/npm" --no-audit --no-fund --no-save --loglevel=error \
		"echarts@$ECHARTS_VERSION"
fi

# --- ONNX Runtime (CPU) from npm's onnxruntime-node --------------------------
ORT_DIR="$TOOLS/onnxruntime"
ORT_LIB="$ORT_DIR/libonnxruntime.so.1"
ort_ok() { [ -f "$ORT_LIB" ] && [ "$(sha256sum "$ORT_LIB" | cut -d' ' -f1)" = "$ORT_SHA256" ]; }
if [ "$(uname -s)/$(uname -m)" != Linux/x86_64 ]; then
	log "ONNX Runtime: only the linux/x64 library is pinned here; skipped (the pure-Go backend runs instead)"
elif ort_ok; then
	log "onnxruntime $ORT_NPM_VERSION present"
else
	need_npm
	log "npm pack onnxruntime-node@$ORT_NPM_VERSION (ONNX Runtime CPU library; no install script runs)"
	ort_tmp="$(mktemp -d)"
	(cd "$ort_tmp" && quiet npm pack --silent "onnxruntime-node@$ORT_NPM_VERSION")
	tar -xzf "$ort_tmp/onnxruntime-node-$ORT_NPM_VERSION.tgz" -C "$ort_tmp" "$ORT_NPM_LIB"
	got="$(sha256sum "$ort_tmp/$ORT_NPM_LIB" | cut -d' ' -f1)"
	if [ "$got" != "$ORT_SHA256" ]; then
		rm -rf "$ort_tmp"
		log "onnxruntime: $ORT_NPM_LIB has SHA-256 $got, want $ORT_SHA256"
		exit 1
	fi
	mkdir -p "$ORT_DIR"
	mv "$ort_tmp/$ORT_NPM_LIB" "$ORT_LIB.tmp" && mv "$ORT_LIB.tmp" "$ORT_LIB"
	echo "$ORT_NPM_VERSION" >"$ORT_DIR/VERSION"
	rm -rf "$ort_tmp"
fi

# --- GoNB kernel --------------------------------------------------------------
if [ "${DDPM_SKIP_KERNEL:-}" != 1 ] && [ -z "$RUNTIME_ONLY" ]; then
	log "installing the GoNB kernel"
	if ! out="$("$BIN/gonb" --install --force_deps 2>&1)"; then
		printf '%s\n' "$out" >&2
		exit 1
	fi
	KERNEL_JSON="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb/kernel.json"
	# The kernel must find go and goimports, build with GOEXPERIMENT=simd and
	# inline the local echarts, whatever the environment Jupyter starts with.
	# Jupyter expands ${PATH} in kernel.json's env. The go first on its PATH
	# is go.mod's toolchain (fetched now if need be): an older go switches
	# to it in every notebook's first cell and says so on stderr, in red.
	TOOLCHAIN_BIN="$(cd "$REPO" && GOTOOLCHAIN=auto go env GOROOT)/bin"
	if [ ! -x "$TOOLCHAIN_BIN/go" ]; then
		log "go.mod's toolchain not found ($TOOLCHAIN_BIN/go)"
		exit 1
	fi
	PY=/usr/bin/python3
	[ -x "$PY" ] || PY=python3
	KERNEL_JSON="$KERNEL_JSON" KPATH="$BIN:$TOOLCHAIN_BIN:$GOROOT_BIN:\${PATH}" ECHARTS_JS="$ECHARTS_JS" ORT_LIB="$ORT_LIB" "$PY" - <<'EOF'
import json, os
p = os.environ["KERNEL_JSON"]
with open(p) as f:
    k = json.load(f)
k.setdefault("env", {}).update({
    "PATH": os.environ["KPATH"],
    "GOEXPERIMENT": "simd",
    "DDPM_ECHARTS_JS": os.environ["ECHARTS_JS"],
    "GOTOOLCHAIN": "auto",
})
if os.path.exists(os.environ["ORT_LIB"]):
    k["env"]["ONNXRUNTIME_SHARED_LIBRARY_PATH"] = os.environ["ORT_LIB"]
with open(p, "w") as f:
    json.dump(k, f, indent=1)
EOF
fi

log "done in $(($(date +%s) - start))s"
cat <<EOF
# Add to your shell (or eval "\$(scripts/install-deps.sh 2>/dev/null)"):
export PATH="$BIN:$GOROOT_BIN:\$PATH"
export GOEXPERIMENT=simd GOTOOLCHAIN=auto
export DDPM_ECHARTS_JS="$ECHARTS_JS"
EOF
if [ -f "$ORT_LIB" ]; then
	echo "export ONNXRUNTIME_SHARED_LIBRARY_PATH=\"$ORT_LIB\""
fi
