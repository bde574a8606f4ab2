#!/usr/bin/env python3
"""Course-style PyTorch checkpoints: tiny fixtures for the Go tests, and a
trained denoiser/classifier pair for the import check of .ci/run.

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 scripts/make_torch_ckpt.py fixtures [ddpm/testdata]
    /usr/bin/python3 scripts/make_torch_ckpt.py train --data DIR/data --out OUT [--steps 3000]
    /usr/bin/python3 scripts/make_torch_ckpt.py sample --ckpt OUT --out OUT [--n 5000]
    /usr/bin/python3 scripts/make_torch_ckpt.py check-export --dir DIR
    /usr/bin/python3 scripts/make_torch_ckpt.py check-load --dir OUT/checkpoints [--want denoiser,classifier]

The network is the course's model.py MLP: nn.Sequential(Linear, act, Linear,
act, ..., Linear) with ONE nn.PReLU module `act` shared by every layer, so its
state_dict holds act.weight and model.1.weight, model.3.weight, ... (the same
[1] parameter under each name) beside model.{0,2,4,...}.weight [out, in] and
.bias. Course checkpoints are usually saved on a GPU; with none at hand, the
storage locations of the pickle are rewritten from "cpu" to "cuda:0" by hand
(cuda_located), which is byte for byte what torch.save writes on a GPU.

`train` follows the handout: T = 500, betas torch.linspace(1e-4, 0.02, T), the
noisy set of every training point at every step held in memory and re-noised
every epoch, the time input of the starter's dataset torch.linspace(-1, 1,
T)[step] (step = t - 1), MSE on the noise, Adam. The classifier sees the same
noisy points with their labels. It is small and fast rather than good (batch
2048, a few thousand steps: about two minutes on two cores); the import check
compares the Go sampler with torch on this same checkpoint, not with the
project's own models.

`sample` draws samples with torch from the pair with the project's default
samplers and the same time input: unconditional DDPM (posterior variance, no
noise at the last step, as `ddpm sample`) and classifier-guided DDIM (100
steps, eta 0, scale 1, the handout's eps_hat, as `ddpm guide`), as .npy files
for `ddpm eval`.

`check-export` loads the files that the Go test TestCourseExportInterop wrote
into DIR (DDPM_COURSE_INTEROP_OUT; with DDPM_COURSE_INTEROP_FROM, also the
trained networks of an output folder) into this MLP with load_state_dict(
torch.load(p, weights_only=True), strict=True) and compares its outputs with
Go's on the same inputs; it exits 1 on a mismatch above 1e-5 (absolute, relative
above |output| = 1: float32 rounding). `check-load`
loads every .pt of a folder (what `ddpm all` or `ddpm export` wrote) into
the MLP of its widths, strictly.
"""

import argparse
import io
import os
import sys
import time
import zipfile

import numpy as np
import torch
import torch.nn as nn

T = 500


class MLP(nn.Module):
    """The course's model.py MLP: one PReLU shared by all hidden layers."""

    def __init__(self, input_dim, output_dim, hidden_layers=()):
        super().__init__()
        self.act = nn.PReLU()
        layers = []
        for h in hidden_layers:
            layers += [nn.Linear(input_dim, h), self.act]
            input_dim = h
        layers.append(nn.Linear(input_dim, output_dim))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


class LayerMLP(nn.Module):
    """A variant with one PReLU per layer (no act.weight key)."""

    def __init__(self, input_dim, output_dim, hidden_layers=()):
        super().__init__()
        layers = []
        for h in hidden_layers:
            layers += [nn.Linear(input_dim, h), nn.PReLU()]
            input_dim = h
        layers.append(nn.Linear(input_dim, output_dim))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


def cuda_located(path):
    """Rewrites the storage locations of a torch.save file from cpu to cuda:0."""
    with zipfile.ZipFile(path) as z:
        records = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    cpu = b"X\x03\x00\x00\x00cpu"
    cuda = b"X\x06\x00\x00\x00cuda:0"
    out = []
    for name, data in records:
        if name.endswith("/data.pkl"):
            assert cpu in data, "no cpu location in " + path
            data = data.replace(cpu, cuda)
        out.append((name, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in out:
            z.writestr(name, data)


def schedule():
    beta = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
    alpha = 1 - beta
    alpha_bar = torch.cumprod(alpha, 0)
    return beta, alpha, alpha_bar


def time_input(t, how):
    """The network's time input for steps t in 1..T (a LongTensor)."""
    if how == "linspace":
        return torch.linspace(-1, 1, T)[t - 1]
    return 2 * (t.float() - T / 2) / T


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    torch.manual_seed(7)
    mlp = MLP(3, 2, [5, 4])
    with torch.no_grad():
        mlp.act.weight.fill_(0.3)
    sd = mlp.state_dict()
    torch.save(sd, p("course_tiny.pt"))
    cuda_located(p("course_tiny.pt"))
    # Inputs and the course network's outputs: rows (x, y, tbar, out0, out1).
    x = torch.randn(8, 3)
    with torch.no_grad():
        y = mlp(x)
    np.save(p("course_tiny_io.npy"), torch.cat([x, y], 1).numpy().astype(np.float32))
    # A DataParallel wrapper's keys, float64.
    torch.save({"module." + k: v.double() for k, v in sd.items()}, p("course_tiny_module_f64.pt"))
    # One PReLU per layer.
    lmlp = LayerMLP(3, 5, [6, 4])
    with torch.no_grad():
        lmlp.model[1].weight.fill_(0.1)
        lmlp.model[3].weight.fill_(0.2)
    torch.save(lmlp.state_dict(), p("course_tiny_layer.pt"))
    x = torch.randn(8, 3)
    with torch.no_grad():
        y = lmlp(x)
    np.save(p("course_tiny_layer_io.npy"), torch.cat([x, y], 1).numpy().astype(np.float32))
    # What is refused: a whole pickled module, a training checkpoint.
    torch.save(mlp, p("course_whole_module.pt"))
    torch.save({"model": sd, "epoch": 3}, p("course_train_ckpt.pt"))
    print(f"fixtures written to {out} (torch {torch.__version__})")


def load_points(data):
    x0 = torch.tensor(np.load(os.path.join(data, "states.npy")), dtype=torch.float32)
    y = torch.tensor(np.load(os.path.join(data, "states_labels.npy")), dtype=torch.int64)
    return x0, y


def train(args):
    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    x0, y = load_points(args.data)
    n = len(x0)
    _, _, alpha_bar = schedule()
    ab = alpha_bar.float()
    # The in-memory N x T set: every point at every step.
    steps_all = torch.arange(1, T + 1).repeat_interleave(n)
    idx_all = torch.arange(n).repeat(T)
    tin_all = time_input(steps_all, args.time_input).unsqueeze(1)

    def noisy():
        eps = torch.randn(n * T, 2)
        a = ab[steps_all - 1].unsqueeze(1)
        return a.sqrt() * x0[idx_all] + (1 - a).sqrt() * eps, eps

    os.makedirs(args.out, exist_ok=True)
    for kind in ("denoiser", "classifier"):
        torch.manual_seed(args.seed + (kind == "classifier"))
        if kind == "denoiser":
            net, steps = MLP(3, 2, [256] * 4), args.steps
        else:
            net, steps = MLP(3, 5, [100, 200, 500]), args.classifier_steps
        opt = torch.optim.Adam(net.parameters(), lr=args.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps, eta_min=args.lr * 0.05)
        began, step = time.time(), 0
        while step < steps:
            xt, eps = noisy()  # re-noised every epoch
            perm = torch.randperm(n * T)
            for b in range(0, n * T - args.batch + 1, args.batch):
                if step >= steps:
                    break
                j = perm[b:b + args.batch]
                inp = torch.cat([xt[j], tin_all[j]], 1)
                if kind == "denoiser":
                    loss = ((net(inp) - eps[j]) ** 2).mean()
                else:
                    loss = nn.functional.cross_entropy(net(inp), y[idx_all[j]])
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                step += 1
                if step % 500 == 0 or step == steps:
                    print(f"{kind} step {step}/{steps} loss {loss.item():.4f} ({time.time() - began:.0f}s)", flush=True)
        path = os.path.join(args.out, kind + ".pt")
        torch.save(net.state_dict(), path)
        cuda_located(path)
    print(f"wrote {args.out}/denoiser.pt and classifier.pt (cuda:0 locations, time input {args.time_input})")


def load_pair(d):
    den, clf = MLP(3, 2, [256] * 4), MLP(3, 5, [100, 200, 500])
    for net, name in ((den, "denoiser.pt"), (clf, "classifier.pt")):
        sd = torch.load(os.path.join(d, name), map_location="cpu", weights_only=True)
        net.load_state_dict(sd, strict=True)
    return den, clf


def ddpm_sample(den, n, how, seed):
    """DDPM with the posterior variance, no noise at the last step: the
    project's default sampler (ddpm sample)."""
    g = torch.Generator().manual_seed(seed)
    beta, alpha, alpha_bar = schedule()
    x = torch.randn(n, 2, generator=g)
    for t in range(T, 0, -1):
        tin = time_input(torch.full((n,), t, dtype=torch.long), how).unsqueeze(1).float()
        with torch.no_grad():
            eps = den(torch.cat([x, tin], 1)).double()
        xd = x.double()
        mean = (xd - beta[t - 1] / (1 - alpha_bar[t - 1]).sqrt() * eps) / alpha[t - 1].sqrt()
        if t > 1:
            var = (1 - alpha_bar[t - 2]) / (1 - alpha_bar[t - 1]) * beta[t - 1]
            mean = mean + var.sqrt() * torch.randn(n, 2, generator=g, dtype=torch.float64)
        x = mean.float()
    return x.numpy()


def ddim_guided(den, clf, n, label, how, seed, steps=100, scale=1.0):
    """The handout's classifier-guided step, deterministic DDIM (eta 0) over
    `steps` times round(i T / steps), i = steps..1, then 0: the project's
    default guided sampler (ddpm guide). The gradient of the log-softmax
    column of the label is taken with backward(ones), as the handout says."""
    g = torch.Generator().manual_seed(seed)
    _, _, alpha_bar = schedule()
    ab = lambda t: alpha_bar[t - 1] if t > 0 else torch.tensor(1.0, dtype=torch.float64)
    taus = [round(i * T / steps) for i in range(steps, 0, -1)] + [0]
    x = torch.randn(n, 2, generator=g)
    for t, u in zip(taus[:-1], taus[1:]):
        tin = time_input(torch.full((n,), t, dtype=torch.long), how).unsqueeze(1).float()
        with torch.no_grad():
            eps = den(torch.cat([x, tin], 1)).double()
        xg = x.clone().requires_grad_(True)
        out = torch.log_softmax(clf(torch.cat([xg, tin], 1)), 1)[:, label]
        out.backward(torch.ones_like(out))
        eps = eps - scale * (1 - ab(t)).sqrt() * xg.grad.double()
        x0 = (x.double() - (1 - ab(t)).sqrt() * eps) / ab(t).sqrt()
        x = (ab(u).sqrt() * x0 + (1 - ab(u)).sqrt() * eps).float()
    return x.detach().numpy()


def sample(args):
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    den, clf = load_pair(args.ckpt)
    os.makedirs(args.out, exist_ok=True)
    began = time.time()
    np.save(os.path.join(args.out, "torch_uncond.npy"), ddpm_sample(den, args.n, args.time_input, 1))
    print(f"torch: {args.n} unconditional samples in {time.time() - began:.0f}s", flush=True)
    for k in range(args.guided_states):
        np.save(os.path.join(args.out, f"torch_cond_{k}.npy"),
                ddim_guided(den, clf, args.guided_n, k, args.time_input, 10 + k))
    print(f"torch samples in {args.out} ({time.time() - began:.0f}s)")


def check_export(args):
    failures, checked = 0, 0
    for name in sorted(os.listdir(args.dir)):
        if not name.endswith(".pt"):
            continue
        kind = name[:-3]
        sd = torch.load(os.path.join(args.dir, name), weights_only=True)
        hidden = [sd[k].shape[0] for k in sorted((k for k in sd if k.startswith("model.") and k.endswith(".weight")
                                                  and sd[k].ndim == 2), key=lambda k: int(k.split(".")[1]))]
        out_dim, in_dim = hidden[-1], sd["model.0.weight"].shape[1]
        hidden = hidden[:-1]
        mlp = MLP(input_dim=in_dim, hidden_layers=hidden, output_dim=out_dim)
        mlp.load_state_dict(sd, strict=True)
        x = torch.tensor(np.load(os.path.join(args.dir, kind + "_inputs.npy")))
        with torch.no_grad():
            got = mlp(x).numpy()
            exact = mlp.double()(x.double()).numpy()
        want = np.load(os.path.join(args.dir, kind + "_go_outputs.npy"))
        err = np.abs(got - want)
        # Float32 sums of hundreds of terms round differently in torch and
        # Go: the tolerance is 1e-5 absolute, relative above |output| = 1
        # (trained classifiers' logits reach 20-30, whose float32 spacing is
        # 2e-6; torch's own float32 outputs then differ from float64 by 1e-5).
        rel = float((err / np.maximum(1, np.abs(got))).max())
        ok = rel <= 1e-5
        failures += not ok
        checked += 1
        print(f"{'ok' if ok else 'FAIL'}: {name}: MLP(input_dim={in_dim}, hidden_layers={hidden}, output_dim={out_dim}) "
              f"strict load, weights_only; {len(x)} inputs, max |torch - Go| = {err.max():.2e} "
              f"(/ max(1, |out|): {rel:.2e}; max |out| {np.abs(got).max():.1f}; float64 torch vs Go {np.abs(exact - want).max():.2e}, "
              f"vs float32 torch {np.abs(exact - got).max():.2e})")
    if checked == 0:
        print("FAIL: no .pt files in", args.dir)
        return 1
    return 1 if failures else 0


def check_load(args):
    """Loads every .pt of a folder into the course's MLP, strictly."""
    names = sorted(n for n in os.listdir(args.dir) if n.endswith(".pt"))
    for name in names:
        sd = torch.load(os.path.join(args.dir, name), weights_only=True)
        dense = sorted((k for k in sd if k.startswith("model.") and sd[k].ndim == 2), key=lambda k: int(k.split(".")[1]))
        sizes = [sd[dense[0]].shape[1]] + [sd[k].shape[0] for k in dense]
        mlp = MLP(input_dim=sizes[0], hidden_layers=sizes[1:-1], output_dim=sizes[-1])
        mlp.load_state_dict(sd, strict=True)
        assert mlp.act.weight is mlp.model[1].weight
        print(f"ok: {name}: MLP(input_dim={sizes[0]}, hidden_layers={sizes[1:-1]}, output_dim={sizes[-1]}), "
              f"strict, weights_only; PReLU slope {mlp.act.weight.item():.4f}")
    want = set(args.want.split(",")) if args.want else set()
    missing = want - {n[:-3] for n in names}
    if missing:
        print("FAIL: missing", ", ".join(sorted(m + ".pt" for m in missing)), "in", args.dir)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixtures")
    f.add_argument("out", nargs="?", default=os.path.join("ddpm", "testdata"))
    t = sub.add_parser("train")
    t.add_argument("--data", required=True, help="folder with states.npy and states_labels.npy (ddpm data -out)")
    t.add_argument("--out", required=True)
    t.add_argument("--steps", type=int, default=2000)
    t.add_argument("--classifier-steps", type=int, default=1000)
    t.add_argument("--batch", type=int, default=1024)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--time-input", choices=["linspace", "handout"], default="linspace")
    s = sub.add_parser("sample")
    s.add_argument("--ckpt", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--n", type=int, default=5000)
    s.add_argument("--guided-n", type=int, default=1000)
    s.add_argument("--guided-states", type=int, default=5)
    s.add_argument("--time-input", choices=["linspace", "handout"], default="linspace")
    c = sub.add_parser("check-export")
    c.add_argument("--dir", required=True)
    cl = sub.add_parser("check-load")
    cl.add_argument("--dir", required=True)
    cl.add_argument("--want", default="", help="comma-separated kinds that must be there")
    args = ap.parse_args()
    if args.cmd == "fixtures":
        fixtures(args.out)
    elif args.cmd == "train":
        train(args)
    elif args.cmd == "sample":
        sample(args)
    elif args.cmd == "check-load":
        return check_load(args)
    else:
        return check_export(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
