#!/usr/bin/python3
"""The machine's matrix-multiply limit at the project's shapes.

Times float32 `a @ b` in torch on the CPU (Debian's torch calls OpenBLAS:
run it with OPENBLAS_NUM_THREADS=2, as bench/compare.sh does, to use both
cores of a 2-core machine) at the shapes the benchmark figures spend their
time in, and prints GFLOP/s (2 m k n per product / seconds):

  sample       [5000, 256] x [256, 256]: a hidden layer of the denoiser at
               the sampler's batch (DDPM and guided sampling)
  train_bB     one training step's three products per hidden layer at
               batch B (10000 and 2048): forward x W [B,256]x[256,256],
               weight gradient x^T dz [256,B]x[B,256], input gradient
               dz W^T [B,256]x[256,256]^T; GFLOP/s over the three

Each shape: a warm-up product, then products repeated for at least
--min-time seconds; the fastest repetition counts (the limit, not the mean).
With --json the last line is one JSON object with keys
sgemm_<shape>_gflop_per_s and sgemm_threads.
"""

import argparse
import json
import os
import sys
import time

import torch


def best_seconds(fn, min_time):
    """Fastest of repeated calls of fn, timed for at least min_time s."""
    fn()
    best = float("inf")
    began = time.perf_counter()
    n = 0
    while n < 3 or time.perf_counter() - began < min_time:
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
        n += 1
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    ap.add_argument("--min-time", type=float, default=0.5, help="least seconds timed per shape")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    res = {"sgemm_threads": args.threads}
    print(f"torch {torch.__version__}, {args.threads} threads, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '<unset>')}", file=sys.stderr)

    w = torch.randn(256, 256)
    x = torch.randn(5000, 256)
    s = best_seconds(lambda: x @ w, args.min_time)
    res["sgemm_sample_gflop_per_s"] = 2 * 5000 * 256 * 256 / s / 1e9
    print(f"sample    [5000,256]x[256,256]: {s * 1e3:7.2f} ms, "
          f"{res['sgemm_sample_gflop_per_s']:6.1f} GFLOP/s", file=sys.stderr)

    for b in (10000, 2048):
        x = torch.randn(b, 256)
        dz = torch.randn(b, 256)

        def step():
            x @ w
            x.t() @ dz
            dz @ w.t()

        s = best_seconds(step, args.min_time)
        key = f"sgemm_train_b{b}_gflop_per_s"
        res[key] = 3 * 2 * b * 256 * 256 / s / 1e9
        print(f"train b{b:<5} x W, x^T dz, dz W^T: {s * 1e3:7.2f} ms, {res[key]:6.1f} GFLOP/s", file=sys.stderr)
    if args.json:
        print(json.dumps(res))


if __name__ == "__main__":
    main()
