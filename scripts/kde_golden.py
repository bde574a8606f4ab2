#!/usr/bin/python3
"""Golden values of the course's KDE NLL, computed with real scipy.

Writes ddpm/testdata/kde_golden.json, read by ddpm/metrics/kde_test.go. For each case
it stores the data points, the sample points, scipy's logpdf of every sample
and the NLL -mean(logpdf), plus the KDE's bandwidth factor and covariance.

All coordinates are rounded to float32 first (the Go side holds float32
points) and written as the shortest decimal that parses back to the same
float32; scipy then works on those values widened to float64.

Run from the repository root with Debian's Python (python3-scipy):
    /usr/bin/python3 scripts/kde_golden.py
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.stats import gaussian_kde

OUT = os.path.join(os.path.dirname(__file__), "..", "ddpm", "testdata", "kde_golden.json")


def f32(a):
    return np.asarray(a, dtype=np.float32).reshape(-1, 2)


def outline(rng, center, scale, vertices, n, noise):
    """n points on a closed polygon (a state-like outline) with noise."""
    v = np.asarray(vertices, dtype=np.float64) * scale + center
    seg = np.roll(v, -1, axis=0) - v
    length = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0], np.cumsum(length)])
    s = rng.uniform(0, cum[-1], n)
    k = np.searchsorted(cum, s, side="right") - 1
    t = (s - cum[k]) / length[k]
    pts = v[k] + t[:, None] * seg[k]
    return pts + rng.normal(0, noise, pts.shape)


def states_like(rng, n):
    """Five outlines side by side, roughly like the STATES data."""
    shapes = [
        ([[0, 0], [1, 0], [1.2, 0.8], [0.6, 1.4], [0.1, 1]], [-2.2, -0.5]),
        ([[0, 0], [0.5, 0], [0.5, 1.5], [0.2, 1.6], [0, 1]], [-1.0, -0.8]),
        ([[0, 0], [1, 0], [1, 1], [0, 1]], [0.0, -0.5]),
        ([[0, 0], [1.6, 0], [1.6, 0.5], [0.5, 0.5], [0.5, 0.8], [0, 0.8]], [1.3, -0.4]),
        ([[0, 0], [0.9, 0.1], [1, 1], [0.3, 1.2]], [-0.5, 0.9]),
    ]
    per = np.full(5, n // 5)
    per[: n % 5] += 1
    parts = [outline(rng, c, 1.0, v, m, 0.01) for (v, c), m in zip(shapes, per)]
    return np.concatenate(parts)


def case(name, data, samples):
    data, samples = f32(data), f32(samples)
    kde = gaussian_kde(data.astype(np.float64).T)
    logpdf = kde.logpdf(samples.astype(np.float64).T)
    assert np.all(np.isfinite(logpdf)), name
    return {
        "name": name,
        "factor": float(kde.factor),
        "covariance": kde.covariance.tolist(),
        "nll": float(-logpdf.mean()),
        "data": pts_json(data),
        "samples": pts_json(samples),
        "logpdf": [float(v) for v in logpdf],
    }


def pts_json(a):
    """Shortest decimals that parse back to the same float32 values."""
    out = []
    for x, y in a:
        px, py = float(str(x)), float(str(y))
        assert np.float32(px) == x and np.float32(py) == y
        out.append([px, py])
    return out


def main():
    rng = np.random.default_rng(20240607)
    cases = []

    cov = [[0.5, 0.3], [0.3, 0.4]]
    data = rng.multivariate_normal([0.2, -0.1], cov, 60)
    samples = rng.multivariate_normal([0, 0], np.multiply(cov, 3), 25)
    cases.append(case("gaussian_correlated", data, samples))

    data = [[0.0, 0.0], [1.0, 0.2], [0.3, 1.1]]
    samples = rng.uniform(-1, 2, (10, 2))
    cases.append(case("three_points", data, samples))

    data = states_like(rng, 600)
    on = states_like(rng, 40) + rng.normal(0, 0.03, (40, 2))
    box = rng.uniform(data.min(0) - 0.2, data.max(0) + 0.2, (20, 2))
    cases.append(case("states_ring", data, np.concatenate([on, box])))

    data = rng.uniform(-1, 1, (150, 2)) * [1.0, 0.3]
    cases.append(case("samples_equal_data", data, data))

    data = rng.normal(0, 0.2, (80, 2))
    far = [[5, 0], [0, -50], [500, 500], [-5000, 20], [1e4, -1e4], [3e4, 1]]
    cases.append(case("far_samples", data, far))

    data = states_like(rng, 1000)
    samples = states_like(rng, 100) + rng.normal(0, 0.05, (100, 2))
    cases.append(case("states_parallel", data, samples))

    doc = {
        "generator": "scripts/kde_golden.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
