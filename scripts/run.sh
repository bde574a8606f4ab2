#!/usr/bin/env bash
# run.sh runs the whole pipeline ("ddpm all": data, denoiser, sampling,
# classifier, guided sampling, report into outputs/) on the fastest CPU
# backend, on a fresh machine too: it first installs what running needs
# (scripts/install-deps.sh --runtime: the pinned ONNX Runtime CPU library and
# echarts, from npm; the Go toolchain that go.mod names comes from the module
# proxy), then runs `go run ./cmd/ddpm all` built with GOEXPERIMENT=simd.
#
# Usage: scripts/run.sh [ddpm subcommand and flags]   (default: all)
#   e.g. scripts/run.sh all -quick, scripts/run.sh train -steps 10000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
env_lines="$(bash scripts/install-deps.sh --runtime)"
eval "$env_lines"
exec go run ./cmd/ddpm "$@"
