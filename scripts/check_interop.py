#!/usr/bin/env python3
"""Checks that real PyTorch and NumPy read the files that package ddpm writes.

Usage (from the repository root):

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 scripts/check_interop.py            # writes the files with Go first
    /usr/bin/python3 scripts/check_interop.py --dir DIR  # checks files already in DIR

Without --dir it runs the Go test TestWriteSamplesAndDataset with
DDPM_INTEROP_OUT set to a temporary directory, which makes it write:

    DIR/samples.npy, DIR/samples.pt   WriteSamples: float32 [N, 2]
    DIR/states.pt                     torchpt.Write: {"data": float32 [N, 2], "labels": int64 [N]}
    DIR/data/states.npy, states_labels.npy, states.csv   WriteDataset

It loads them with numpy.load and torch.load (also with weights_only=True and
mmap=True when this torch has them), checks dtypes, shapes and that every
format holds the same values, and exits with status 1 on any mismatch.
"""

import argparse
import inspect
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def torch_loads(path):
    """Yields (how, object) for each way this torch can load path."""
    yield "torch.load", torch.load(path)
    params = inspect.signature(torch.load).parameters
    if "weights_only" in params:
        yield "torch.load(weights_only=True)", torch.load(path, weights_only=True)
    if "mmap" in params:
        yield "torch.load(mmap=True)", torch.load(path, mmap=True, weights_only=True)


def check_points_tensor(how, t, want):
    check(isinstance(t, torch.Tensor), f"{how}: got {type(t).__name__}, want a Tensor")
    if not isinstance(t, torch.Tensor):
        return
    check(t.dtype == torch.float32, f"{how}: dtype {t.dtype}, want torch.float32")
    check(tuple(t.shape) == want.shape, f"{how}: shape {tuple(t.shape)}, want {want.shape}")
    if tuple(t.shape) == want.shape:
        check(np.array_equal(t.numpy(), want), f"{how}: values differ from the .npy file")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", help="directory with files already written by Go")
    args = ap.parse_args()
    d = args.dir
    if d is None:
        d = tempfile.mkdtemp(prefix="ddpm-interop-")
        env = dict(os.environ, DDPM_INTEROP_OUT=d, GOEXPERIMENT="simd")
        cmd = ["go", "test", "-count=1", "-run", "^TestWriteSamplesAndDataset$", "./ddpm/run/"]
        print("+", " ".join(cmd), f"(DDPM_INTEROP_OUT={d})")
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            print("FAIL: the Go test that writes the files failed")
            return 1

    # Samples: .npy and .pt hold the same float32 [N, 2].
    samples = np.load(os.path.join(d, "samples.npy"))
    check(samples.dtype == np.float32, f"samples.npy: dtype {samples.dtype}, want float32")
    check(samples.ndim == 2 and samples.shape[1] == 2, f"samples.npy: shape {samples.shape}, want (N, 2)")
    for how, t in torch_loads(os.path.join(d, "samples.pt")):
        check_points_tensor(f"samples.pt {how}", t, samples)

    # Dataset: .npy, labels .npy, .csv and the course-format .pt agree.
    pts = np.load(os.path.join(d, "data", "states.npy"))
    labels = np.load(os.path.join(d, "data", "states_labels.npy"))
    check(pts.dtype == np.float32 and pts.ndim == 2 and pts.shape[1] == 2,
          f"states.npy: {pts.dtype} {pts.shape}, want float32 (N, 2)")
    check(labels.dtype == np.int64 and labels.shape == (len(pts),),
          f"states_labels.npy: {labels.dtype} {labels.shape}, want int64 ({len(pts)},)")
    check(np.array_equal(pts, samples), "states.npy differs from samples.npy (same points were written)")
    check(labels.min() >= 0 and labels.max() < 5, f"labels in [{labels.min()}, {labels.max()}], want [0, 5)")
    counts = np.bincount(labels, minlength=5)
    check(len(set(counts.tolist())) == 1, f"labels per state {counts.tolist()}, want equal counts")
    mean, std = pts.astype(np.float64).mean(axis=0), pts.astype(np.float64).std(axis=0)
    check(np.allclose(mean, 0, atol=1e-4) and np.allclose(std, 1, atol=1e-4),
          f"states.npy mean {mean} std {std}, want 0 and 1")
    csv = np.loadtxt(os.path.join(d, "data", "states.csv"), delimiter=",", skiprows=1)
    check(csv.shape == (len(pts), 3), f"states.csv: shape {csv.shape}, want ({len(pts)}, 3)")
    if csv.shape == (len(pts), 3):
        check(np.array_equal(csv[:, :2].astype(np.float32), pts), "states.csv points differ from states.npy")
        check(np.array_equal(csv[:, 2].astype(np.int64), labels), "states.csv labels differ from states_labels.npy")
    for how, obj in torch_loads(os.path.join(d, "states.pt")):
        ok = isinstance(obj, dict) and set(obj) == {"data", "labels"}
        check(ok, f"states.pt {how}: got {type(obj).__name__} {list(obj) if isinstance(obj, dict) else ''}, want dict data/labels")
        if not ok:
            continue
        check_points_tensor(f"states.pt {how} data", obj["data"], pts)
        lt = obj["labels"]
        check(lt.dtype == torch.int64 and tuple(lt.shape) == labels.shape,
              f"states.pt {how} labels: {lt.dtype} {tuple(lt.shape)}, want torch.int64 {labels.shape}")
        if tuple(lt.shape) == labels.shape:
            check(np.array_equal(lt.numpy(), labels), f"states.pt {how}: labels differ")

    print(f"torch {torch.__version__}, numpy {np.__version__}, files in {d}")
    if failures:
        print(f"{len(failures)} interop check(s) failed")
        return 1
    print("interop OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
