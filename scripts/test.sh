#!/usr/bin/env bash
# test.sh runs every test of the project, on a fresh Debian machine too: it
# installs what the tests need (scripts/install-deps.sh, idempotent: Jupyter,
# GoNB, Chromium, poppler, echarts, goimports, staticcheck), checks gofmt,
# go vet and staticcheck, then runs `go test ./...` built with
# GOEXPERIMENT=simd, with the browser, PDF, ONNX Runtime and notebook checks
# required rather than skipped. The core ddpm tests run twice: on the
# pure-Go backend and on ONNX Runtime.
#
# Usage: scripts/test.sh [extra go test flags, e.g. -run Foo]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

env_lines="$(bash scripts/install-deps.sh)"
eval "$env_lines"
export GOEXPERIMENT=simd
export DDPM_REQUIRE_BROWSER=1 DDPM_REQUIRE_TOOLS=1 DDPM_REQUIRE_NOTEBOOKS=1 DDPM_REQUIRE_ONNX=1

echo "== gofmt"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [ -n "$unformatted" ]; then
	echo "gofmt needed on:"
	echo "$unformatted"
	exit 1
fi
echo "== go vet"
go vet ./...
echo "== staticcheck"
staticcheck ./...
echo "== go test (packages)"
go test -count=1 -timeout 30m "$@" $(go list ./... | grep -v '/notebooks$')
echo "== go test (ddpm on the ONNX Runtime backend)"
DDPM_TEST_BACKEND=onnx go test -count=1 -timeout 30m "$@" ./ddpm ./ddpm/backends
# The notebooks run alone: each has a time limit, and sharing the 2 cores with
# the other packages' tests would eat into it.
echo "== go test (notebooks, headless)"
go test -count=1 -timeout 40m "$@" ./notebooks/
