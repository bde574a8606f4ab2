#!/usr/bin/env python3
"""Writes the small PyTorch and NumPy fixtures of ddpm/testdata/.

The Go tests of package ddpm read these files (no Python runs at `go test`
time). Re-run from the repository root after changing this script:

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 scripts/make_fixtures.py [ddpm/testdata]

Every value is exactly representable in float32, so that the Go tests can
recompute it: point i is (i/8 - 3, ((i*i) % 17)/4 - 2) and label i is i % 5,
for i in 0..49.
"""

import os
import sys

import numpy as np
import torch

N = 50


def points(n=N):
    i = np.arange(n, dtype=np.float64)
    return np.stack([i / 8 - 3, ((i * i) % 17) / 4 - 2], axis=1)


def labels(n=N):
    return np.arange(n, dtype=np.int64) % 5


class System:
    """Pickles as a call of os.system: a malicious checkpoint."""

    def __reduce__(self):
        return (os.system, ("touch /tmp/ddpm_fixture_pwned",))


class Eval:
    """Pickles as a call of builtins.eval."""

    def __reduce__(self):
        return (eval, ("1+1",))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("ddpm", "testdata")
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    pts, lab = points(), labels()

    # The course's format: a dict of a float32 [N, 2] and an int64 [N] tensor.
    torch.save({"data": torch.tensor(pts, dtype=torch.float32),
                "labels": torch.tensor(lab, dtype=torch.int64)}, p("states_small.pt"))
    # A bare float32 tensor, the form of generated samples.
    torch.save(torch.tensor(pts, dtype=torch.float32), p("tensor_only.pt"))
    # float64 points and int32 labels.
    torch.save({"data": torch.tensor(pts, dtype=torch.float64),
                "labels": torch.tensor(lab, dtype=torch.int32)}, p("states_f64_i32.pt"))
    # A non-contiguous view with a storage offset: rows 10..59 of the
    # transpose of a [2, 70] tensor (size [50, 2], stride (1, 70), offset 10).
    base = torch.zeros(2, 70, dtype=torch.float32)
    base[:, 10:60] = torch.tensor(pts.T, dtype=torch.float32)
    view = base.t()[10:60]
    assert view.stride() == (1, 70) and view.storage_offset() == 10
    torch.save({"data": view, "labels": torch.tensor(lab)}, p("states_strided.pt"))
    # Labels out of range (7) and a NaN coordinate.
    bad = lab.copy()
    bad[3] = 7
    torch.save({"data": torch.tensor(pts, dtype=torch.float32),
                "labels": torch.tensor(bad)}, p("labels_out_of_range.pt"))
    nan = pts.copy()
    nan[4, 1] = np.nan
    torch.save({"data": torch.tensor(nan, dtype=torch.float32),
                "labels": torch.tensor(lab)}, p("nan_point.pt"))
    # A truncated zip: the first half of states_small.pt.
    with open(p("states_small.pt"), "rb") as f:
        whole = f.read()
    with open(p("truncated.pt"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # Malicious pickles: GLOBAL posix.system / builtins.eval + REDUCE.
    torch.save({"data": System()}, p("evil_system.pt"))
    torch.save(Eval(), p("evil_eval.pt"))

    # NumPy files.
    np.save(p("points_f32.npy"), pts.astype(np.float32))
    np.save(p("points_f64.npy"), pts)
    np.save(p("points_f32_labels.npy"), lab)  # sibling labels of points_f32.npy
    np.save(p("labels_i64.npy"), lab)
    np.save(p("labels_i32.npy"), lab.astype(np.int32))
    np.save(p("points_fortran.npy"), np.asfortranarray(pts.astype(np.float32)))
    np.save(p("points_bigendian.npy"), pts.astype(">f4"))
    np.save(p("points_3cols.npy"), np.zeros((4, 3), dtype=np.float32))
    print(f"fixtures written to {out} (torch {torch.__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
