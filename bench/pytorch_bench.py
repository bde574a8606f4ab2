#!/usr/bin/python3
"""PyTorch (CPU or CUDA) reference for `ddpm bench -json`.

Times, in PyTorch (eager) on the CPU or, with --device cuda, on a GPU, the
same work the Go command measures, with the course's models:

  denoiser   MLP 3 -> 256 -> 256 -> 256 -> 256 -> 2, nn.PReLU after each
             hidden Linear, MSE(eps_hat, eps), Adam lr 1e-3
  classifier MLP 3 -> 100 -> 200 -> 500 -> 5, nn.PReLU, cross-entropy,
             Adam lr 1e-3
  sampling   5000 samples, 500 DDPM ancestral steps, torch.no_grad()
  guided     5000 samples of one label, 500 DDIM (eta = 0) steps with the
             classifier's grad_x log p(y | x_t) from autograd
  KDE NLL    scipy.stats.gaussian_kde on 5000 points, -mean logpdf of 5000

On the CPU every torch figure is run with torch.set_num_threads(1) and (2)
(see --threads); both are printed and the best is kept. With --json the last
line of stdout is one JSON object whose keys match `ddpm bench -json`.

On a GPU (--device cuda): data, schedule and noise live on the device, the
timed loops end with torch.cuda.synchronize(), --tf32 allows TF32 matrix
products (PyTorch's default is full float32; go-xla's CUDA default is TF32),
and --batches 10000,65536,262144 adds, like `ddpm bench -batches`, denoiser
training at those batch sizes and 500-step DDPM sampling of that many points,
with samples/s. The KDE figure is scipy on the CPU either way.

Run it with Debian's python (/usr/bin/python3, python3-torch 1.13) on the
CPU; on a GPU machine with the python that has CUDA torch.
"""

import argparse
import json
import math
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.stats
import torch
from torch import nn

T = 500  # diffusion steps
N_DATA = 5000  # dataset rows
N_STATES = 5
DEV = torch.device("cpu")  # set by main from --device


def sync():
    """Waits for the queued GPU work (nothing to wait for on the CPU)."""
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data, schedule


def make_dataset(seed=0):
    """5000 standardized 2-D points on 5 circles (stand-ins for the 5 state
    outlines: timing does not depend on the shapes) and their labels."""
    g = np.random.default_rng(seed)
    per = N_DATA // N_STATES
    pts, labels = [], []
    for k in range(N_STATES):
        a = g.uniform(0, 2 * np.pi, per)
        c = np.array([math.cos(2 * math.pi * k / N_STATES), math.sin(2 * math.pi * k / N_STATES)]) * 3
        pts.append(np.stack([np.cos(a), np.sin(a)], 1) + c)
        labels.append(np.full(per, k))
    x = np.concatenate(pts).astype(np.float32)
    x = (x - x.mean(0)) / x.std(0)
    return torch.from_numpy(x).to(DEV), torch.from_numpy(np.concatenate(labels)).long().to(DEV)


class Schedule:
    """Linear betas torch.linspace(1e-4, 0.02, T); index t-1 holds step t."""

    def __init__(self):
        self.betas = torch.linspace(1e-4, 0.02, T)
        self.alphas = 1 - self.betas
        self.alpha_bars = torch.cumprod(self.alphas, 0)
        self.alpha_bars_dev = self.alpha_bars.to(DEV)  # indexed by device tensors
        # Python floats of the per-step coefficients, index t-1: the sampling
        # loops mix them into device tensors without a tensor op of their own.
        self.beta_f = self.betas.tolist()
        self.alpha_f = self.alphas.tolist()
        self.ab_f = self.alpha_bars.tolist()


def tbar_of(t):
    """Time embedding 2(t - T/2)/T, as a column."""
    return (2.0 * (t.float() - T / 2) / T).unsqueeze(1)


def noisy_batch(x0_all, labels, sched, batch):
    """A fresh (x_t, tbar, eps, y) batch: t uniform in 1..T, x0 random rows."""
    idx = torch.randint(0, x0_all.shape[0], (batch,), device=DEV)
    x0 = x0_all[idx]
    t = torch.randint(1, T + 1, (batch,), device=DEV)
    ab = sched.alpha_bars_dev[t - 1].unsqueeze(1)
    eps = torch.randn_like(x0)
    xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
    return torch.cat([xt, tbar_of(t)], 1), eps, labels[idx]


# ---------------------------------------------------------------- models


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.PReLU())  # one learnable slope, init 0.25
    return nn.Sequential(*layers)


def denoiser():
    return mlp([3, 256, 256, 256, 256, 2])


def classifier():
    return mlp([3, 100, 200, 500, N_STATES])


def n_params(model):
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------- timing


def time_steps(step, warmup, min_time, min_steps=3):
    """Runs warmup untimed steps, then steps for at least min_time seconds
    (and min_steps); returns (steps per second, steps, seconds). On a GPU the
    clock stops once the queued steps have run."""
    for _ in range(warmup):
        step()
    sync()
    n = 0
    began = time.perf_counter()
    while True:
        step()
        n += 1
        el = time.perf_counter() - began
        if el >= min_time and n >= min_steps:
            sync()
            el = time.perf_counter() - began
            return n / el, n, el


def train_rate(kind, batch, data, labels, sched, min_time, warmup):
    torch.manual_seed(1)
    model = (denoiser() if kind == "denoiser" else classifier()).to(DEV)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    mse = nn.MSELoss()
    ce = nn.CrossEntropyLoss()

    def step():
        inp, eps, y = noisy_batch(data, labels, sched, batch)
        opt.zero_grad()
        out = model(inp)
        loss = mse(out, eps) if kind == "denoiser" else ce(out, y)
        loss.backward()
        opt.step()

    rate, n, el = time_steps(step, warmup, min_time)
    return rate, n_params(model)


def ddpm_sample(model, sched, n, steps=T):
    """DDPM ancestral sampling of n points from x_T ~ N(0, I), running the
    last `steps` steps of the chain (steps = T: the full chain)."""
    x = torch.randn(n, 2, device=DEV)
    with torch.no_grad():
        for t in range(steps, 0, -1):
            beta, alpha, ab = sched.beta_f[t - 1], sched.alpha_f[t - 1], sched.ab_f[t - 1]
            tb = torch.full((n, 1), 2.0 * (t - T / 2) / T, device=DEV)
            eps = model(torch.cat([x, tb], 1))
            x = (x - beta / math.sqrt(1 - ab) * eps) / math.sqrt(alpha)
            if t > 1:
                sigma = math.sqrt(beta * (1 - sched.ab_f[t - 2]) / (1 - ab))
                x = x + sigma * torch.randn_like(x)
    sync()
    return x


def guided_sample(den, clf, sched, n, label, steps=T, scale=1.0):
    """Classifier-guided DDIM (eta = 0) sampling of n points of one label."""
    x = torch.randn(n, 2, device=DEV)
    for t in range(steps, 0, -1):
        ab = sched.ab_f[t - 1]
        ab_prev = sched.ab_f[t - 2] if t > 1 else 1.0
        tb = torch.full((n, 1), 2.0 * (t - T / 2) / T, device=DEV)
        with torch.no_grad():
            eps = den(torch.cat([x, tb], 1))
        xg = x.detach().requires_grad_()
        logp = torch.log_softmax(clf(torch.cat([xg, tb], 1)), 1)[:, label].sum()
        (grad,) = torch.autograd.grad(logp, xg)
        with torch.no_grad():
            eps_hat = eps - scale * math.sqrt(1 - ab) * grad
            x0 = (x - math.sqrt(1 - ab) * eps_hat) / math.sqrt(ab)
            x = math.sqrt(ab_prev) * x0 + math.sqrt(1 - ab_prev) * eps_hat
    sync()
    return x.detach()


def time_runs(run, min_time):
    """Runs run() at least once and until min_time has passed; returns the
    mean seconds per run and the number of runs."""
    n = 0
    began = time.perf_counter()
    while True:
        run()
        n += 1
        el = time.perf_counter() - began
        if el >= min_time:
            return el / n, n


def kde_nll(data_np, samples_np):
    kde = scipy.stats.gaussian_kde(data_np.T)
    return -float(np.mean(kde.logpdf(samples_np.T)))


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object on the last line")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test (~30 s): 0.3 s per training figure, 500 samples instead of 5000 "
                         "(like `ddpm bench -quick`); not a measurement")
    ap.add_argument("--min-time", type=float, default=6.0, help="least seconds timed per training/KDE figure")
    ap.add_argument("--threads", default="",
                    help="comma-separated torch.set_num_threads values to try (default 1,2; with --quick 1)")
    ap.add_argument("--only", default="",
                    help="comma-separated figure groups: train,sample,guided,kde,batches (default all)")
    ap.add_argument("--device", default="cpu", help="torch device: cpu (default) or cuda")
    ap.add_argument("--tf32", action="store_true",
                    help="allow TF32 matrix products on a GPU (torch.backends.cuda.matmul.allow_tf32); "
                         "PyTorch's default is full float32")
    ap.add_argument("--batches", default="",
                    help="extra batch sizes, e.g. 10000,65536,262144: denoiser training and 500-step DDPM "
                         "sampling at each size, with samples/s (like `ddpm bench -batches`)")
    args = ap.parse_args()

    global DEV
    DEV = torch.device(args.device)
    if DEV.type == "cuda" and not torch.cuda.is_available():
        sys.exit(f"pytorch_bench.py: --device {args.device}: torch {torch.__version__} sees no CUDA device")
    if DEV.type == "cuda":
        # "high" lets float32 matrix products use TF32; "highest" (PyTorch's
        # default) keeps them in full float32.
        torch.set_float32_matmul_precision("high" if args.tf32 else "highest")
    try:
        batches = [int(b) for b in args.batches.split(",") if b.strip()]
    except ValueError:
        sys.exit(f"pytorch_bench.py: --batches {args.batches!r}: want comma-separated sizes")
    if any(b <= 0 for b in batches):
        sys.exit(f"pytorch_bench.py: --batches {args.batches!r}: want sizes > 0")

    min_time = 0.3 if args.quick else args.min_time
    warmup = 2 if args.quick else 3
    n_samples = 500 if args.quick else 5000
    # Thread counts matter on the CPU; on a GPU one run with torch's default.
    default_threads = str(torch.get_num_threads()) if DEV.type == "cuda" else "1" if args.quick else "1,2"
    threads = [int(s) for s in (args.threads or default_threads).split(",") if s]
    only = set(s for s in args.only.split(",") if s) or {"train", "sample", "guided", "kde", "batches"}

    torch.manual_seed(0)
    data, labels = make_dataset()
    sched = Schedule()

    where = f"{os.cpu_count()} CPUs"
    if DEV.type == "cuda":
        where = (f"GPU {torch.cuda.get_device_name(DEV)}, CUDA {torch.version.cuda}, "
                 f"float32 matmul precision {torch.get_float32_matmul_precision()!r} "
                 f"(TF32 {'on' if args.tf32 else 'off'}), {os.cpu_count()} CPUs")
    log(f"torch {torch.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"python {platform.python_version()}, {where}; "
        f"threads tried {threads}; quick={args.quick}")

    res = {}  # key -> best value
    per = {}  # key -> {threads: value}
    higher_better = {}
    est = {}  # key -> {threads: extrapolated seconds from a probe}
    probe_steps = 10 if args.quick else 25

    def record(key, th, value, hb):
        per.setdefault(key, {})[th] = value
        higher_better[key] = hb
        best = res.get(key)
        if best is None or (value > best if hb else value < best):
            res[key] = value
            res["threads_" + key] = th

    train_figs = [("denoiser", 10000), ("denoiser", 2048), ("classifier", 10000)]
    for th in threads:
        torch.set_num_threads(th)
        if "train" in only:
            for kind, batch in train_figs:
                rate, params = train_rate(kind, batch, data, labels, sched, min_time, warmup)
                key = f"{kind}_b{batch}_steps_per_s"
                record(key, th, rate, True)
                gflops = 6 * params * batch * rate / 1e9
                if kind == "denoiser":
                    record(f"denoiser_b{batch}_gflop_per_s", th, gflops, True)
                log(f"[{th} thr] {kind:<10} training, batch {batch:5d}: {rate:8.2f} steps/s "
                    f"({gflops:.1f} GFLOP/s, {params} params)")

    # Sampling: a full 500-step chain per thread count is long (and on a
    # loaded 2-core machine 2 OpenMP threads can be 10x slower than 1), so
    # each thread count first times a short probe of the chain (after a
    # warm-up) and only the fastest one runs the full chain.
    chains = []
    if "sample" in only:
        chains.append(("sample_5000x500_s", "DDPM sampling", 2,
                       lambda m, steps: ddpm_sample(m[0], sched, n_samples, steps=steps)))
    if "guided" in only:
        chains.append(("guided_5000x500_s", "guided DDIM sampling", 3,
                       lambda m, steps: guided_sample(m[0], m[1], sched, n_samples, 2, steps=steps)))
    for key, name, seed, run in chains:
        torch.manual_seed(seed)
        models = (denoiser().to(DEV), classifier().to(DEV))
        probe = {}
        for th in threads:
            torch.set_num_threads(th)
            run(models, 5)  # warm up
            if len(threads) > 1:
                s, _ = time_runs(lambda: run(models, probe_steps), 0)
                probe[th] = s * T / probe_steps
                log(f"[{th} thr] {name}, {n_samples} x {probe_steps} steps probe: {s:.2f} s "
                    f"(~{probe[th]:.2f} s for {T} steps)")
        th = min(probe, key=probe.get) if probe else threads[0]
        torch.set_num_threads(th)
        s, _ = time_runs(lambda: run(models, T), 0)
        record(key, th, s, False)
        for o, v in probe.items():
            if o != th:
                est.setdefault(key, {})[o] = v
        log(f"[{th} thr] {name}, {n_samples} x {T} steps: {s:.2f} s")

    if "kde" in only:
        # Score points near the data (the real case): cost does not depend on them.
        d = data.cpu().numpy().astype(np.float64)
        g = np.random.default_rng(4)
        near = d + 0.01 * g.standard_normal(d.shape)
        kde_nll(d, near)  # warm up
        s, n = time_runs(lambda: kde_nll(d, near), min_time)
        record("kde_nll_5000_s", 0, s, False)  # numpy/scipy: torch threads do not apply
        res.pop("threads_kde_nll_5000_s", None)
        per["kde_nll_5000_s"] = {"-": s}
        log(f"KDE NLL, 5000 x 5000 (fit + logpdf): {s:.3f} s per run ({n} runs)")

    # Extra batch sizes (the GPU's sweet spot), with the last thread count;
    # the keys are those of `ddpm bench -batches`.
    extra = []
    if "batches" in only and batches:
        th = threads[-1]
        torch.set_num_threads(th)
        for b in batches:
            key = f"denoiser_b{b}_"
            rate = res.get(key + "steps_per_s") if b in (10000, 2048) else None
            if rate is None:
                rate, _ = train_rate("denoiser", b, data, labels, sched, min_time, warmup)
                record(key + "steps_per_s", th, rate, True)
                extra.append(key + "steps_per_s")
            params = n_params(denoiser())
            gflops = 6 * params * b * rate / 1e9
            if b not in (10000, 2048):
                record(key + "gflop_per_s", th, gflops, True)
                extra.append(key + "gflop_per_s")
            record(key + "samples_per_s", th, rate * b, True)
            extra.append(key + "samples_per_s")
            log(f"[{th} thr] denoiser   training, batch {b:5d}: {rate:8.2f} steps/s, {rate * b:.0f} samples/s "
                f"({gflops:.1f} GFLOP/s)")
        torch.manual_seed(5)
        den = denoiser().to(DEV)
        for b in batches:
            ddpm_sample(den, sched, b, steps=5)  # warm up at this size
            s, _ = time_runs(lambda: ddpm_sample(den, sched, b), 0)
            key = f"sample_{b}x{T}_"
            record(key + "s", th, s, False)
            record(key + "samples_per_s", th, b / s, True)
            extra += [key + "s", key + "samples_per_s"]
            log(f"[{th} thr] DDPM sampling, {b} x {T} steps: {s:.2f} s, {b / s:.0f} samples/s")

    order = ["denoiser_b10000_steps_per_s", "denoiser_b10000_gflop_per_s",
             "denoiser_b2048_steps_per_s", "denoiser_b2048_gflop_per_s",
             "classifier_b10000_steps_per_s", "sample_5000x500_s", "guided_5000x500_s", "kde_nll_5000_s"]
    keys = [k for k in order if k in res] + list(dict.fromkeys(k for k in extra if k not in order))

    kind = "CPU" if DEV.type == "cpu" else f"{DEV.type.upper()} ({torch.cuda.get_device_name(DEV)})"
    print(f"PyTorch {torch.__version__} {kind} benchmark ({'quick, not a measurement' if args.quick else 'full'})")
    cols = [str(t) for t in threads]
    print(f"{'figure':<36}" + "".join(f"{'thr=' + c:>12}" for c in cols) + f"{'best':>14}")
    for k in keys:
        row = f"{k:<36}"
        for th in threads:
            v = per[k].get(th)
            e = est.get(k, {}).get(th)
            if v is not None:
                row += f"{v:12.3f}"
            elif e is not None:
                row += f"{'~%.3f' % e:>12}"
            else:
                row += f"{'-':>12}"
        row += f"{res[k]:14.3f}"
        print(row)
    if est:
        print(f"(~: extrapolated from a {probe_steps}-step probe; the full chain ran with the fastest thread count)")
    if args.quick:
        print(f"(quick: sampling figures are for {n_samples} samples, not 5000)")
    if args.json:
        out = {"backend": f"pytorch-{torch.__version__}-{DEV.type}"}
        if DEV.type == "cuda":
            out["device"] = torch.cuda.get_device_name(DEV)
            out["tf32"] = args.tf32
        for k in keys:
            out[k] = round(res[k], 6)
            if "threads_" + k in res:
                out["threads_" + k] = res["threads_" + k]
        sys.stdout.flush()
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
