#!/usr/bin/env python3
"""Summarizes a scripts/gpu-check.sh device run: Go (XLA) against PyTorch
figure by figure, the quality bars of `ddpm all`, the ddpm tests and each
stage's status. Standard library only.

  gpu_summary.py --work DIR --out OUT [--mode gpu|dry]

reads DIR/status.tsv (stage, exit code, seconds, note), DIR/logs/bench.log
and DIR/logs/torch.log (last line: the JSON figures), DIR/all/metrics.json,
DIR/logs/test.log (go test -test.v output) and DIR/env.txt (KEY=value lines),
and writes OUT/summary.json and OUT/summary.txt (also printed).
"""

import argparse
import json
import os
import re
import sys

# Acceptance of the issue: Go over PyTorch CUDA (eager), same machine.
ACCEPT = ["denoiser_b10000_steps_per_s", "sample_5000x500_s"]
ACCEPT_MIN, ACCEPT_GOAL = 1.0, 3.0

# Quality bars of the CPU default recipe (issue 12's acceptance; README.md,
# "What to expect"): unconditional NLL within 0.01 of the data's own,
# precision >= 0.96, recall >= 0.99 at r = 0.05; guided, for every state: NLL
# within 0.03 of the state's data, label accuracy >= 98.5%, precision >= 0.93.
# Issue 15's: the flow's samples (50 evaluations) NLL within 0.01, precision
# >= 0.95, recall >= 0.99; classifier-free guided, label accuracy >= 98.5%.
BARS = {
    "uncond": [("precision", ">=", 0.96), ("recall", ">=", 0.99), ("abs_nll_minus_data", "<=", 0.01)],
    "cond": [("abs_nll_minus_data", "<=", 0.03), ("label_accuracy", ">=", 0.985), ("precision", ">=", 0.93)],
    "flow": [("precision", ">=", 0.95), ("recall", ">=", 0.99), ("abs_nll_minus_data", "<=", 0.01)],
    "cfg": [("label_accuracy", ">=", 0.985)],
}

ORDER = ["denoiser_b10000_steps_per_s", "denoiser_b10000_gflop_per_s",
         "denoiser_b2048_steps_per_s", "denoiser_b2048_gflop_per_s",
         "classifier_b10000_steps_per_s", "sample_5000x500_s", "guided_5000x500_s", "kde_nll_5000_s"]


def last_json(path):
    """The JSON object on the last line of path that holds one, or None."""
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def higher_better(key):
    return key.endswith("_per_s")


def compare(go, torch):
    rows = []
    if not go and not torch:
        return rows
    go, torch = go or {}, torch or {}
    keys = [k for k in ORDER if k in go or k in torch]
    keys += sorted(k for k in set(go) | set(torch)
                   if k not in keys and not k.startswith("threads_") and (num(go.get(k)) or num(torch.get(k))))
    for k in keys:
        g, t = go.get(k), torch.get(k)
        ratio = None
        if num(g) and num(t) and g > 0 and t > 0:
            ratio = g / t if higher_better(k) else t / g
        rows.append({"figure": k, "go": g if num(g) else None, "torch": t if num(t) else None, "ratio": ratio})
    return rows


def check(value, op, bar):
    if value is None:
        return None
    return value >= bar if op == ">=" else value <= bar


def quality(metrics):
    """Each set's figures against the bars; None when metrics is missing."""
    if metrics is None:
        return None
    out = []
    for name in sorted(metrics):
        m = metrics[name]
        kind = name if name in ("uncond", "flow") else name.split("_")[0] if name.startswith(("cond_", "cfg_")) else None
        if kind is None:
            continue
        nll, data = m.get("nll"), m.get("data_nll")
        vals = {"precision": m.get("precision"), "recall": m.get("recall"),
                "label_accuracy": m.get("label_accuracy"),
                "nll_minus_data": nll - data if num(nll) and num(data) else None,
                "abs_nll_minus_data": abs(nll - data) if num(nll) and num(data) else None}
        for fig, op, bar in BARS[kind]:
            out.append({"set": name, "figure": fig, "value": vals[fig], "op": op, "bar": bar,
                        "ok": check(vals[fig], op, bar)})
    for kind, want in (("uncond", ["uncond"]), ("cond", [f"cond_{k}" for k in range(5)]),
                       ("flow", ["flow"]), ("cfg", [f"cfg_{k}" for k in range(5)])):
        for name in want:
            if name not in metrics:
                out.append({"set": name, "figure": "present", "value": None, "op": "", "bar": None, "ok": False})
    return out


def tests(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return None
    res = {"passed": sorted(set(re.findall(r"^\s*--- PASS: (\S+)", text, re.M))),
           "failed": sorted(set(re.findall(r"^\s*--- FAIL: (\S+)", text, re.M))),
           "skipped": sorted(set(re.findall(r"^\s*--- SKIP: (\S+)", text, re.M))),
           "timed_out": "panic: test timed out" in text}
    started = re.findall(r"^=== RUN\s+(\S+)", text, re.M)
    done = set(res["passed"]) | set(res["failed"]) | set(res["skipped"])
    res["unfinished"] = [t for t in dict.fromkeys(started) if t not in done]
    lines = [ln for ln in text.splitlines() if ln.strip()]
    res["verdict"] = lines[-1].strip() if lines else ""
    res["ok"] = bool(lines) and lines[-1].strip() == "PASS" and not res["failed"]
    return res


def read_status(path):
    st = []
    try:
        for line in open(path, encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                st.append({"stage": parts[0], "rc": parts[1], "seconds": int(parts[2]),
                           "note": parts[3] if len(parts) > 3 else ""})
    except OSError:
        pass
    return st


def read_env(path):
    env = {}
    try:
        for line in open(path, encoding="utf-8"):
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                env[k] = v
    except OSError:
        pass
    return env


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 1e5:
        return f"{v:.4g}"
    return f"{v:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", default="gpu", choices=["gpu", "dry"])
    args = ap.parse_args()
    w = args.work

    env = read_env(os.path.join(w, "env.txt"))
    status = read_status(os.path.join(w, "status.tsv"))
    go = last_json(os.path.join(w, "logs", "bench.log"))
    torch = last_json(os.path.join(w, "logs", "torch.log"))
    rows = compare(go, torch)
    metrics = None
    try:
        with open(os.path.join(w, "all", "metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
    except (OSError, json.JSONDecodeError):
        pass
    qual = quality(metrics)
    tst = tests(os.path.join(w, "logs", "test.log"))

    accept = []
    byfig = {r["figure"]: r for r in rows}
    for k in ACCEPT:
        r = byfig.get(k)
        ratio = r["ratio"] if r else None
        accept.append({"figure": k, "ratio": ratio, "ok": ratio is not None and ratio >= ACCEPT_MIN,
                       "goal_met": ratio is not None and ratio >= ACCEPT_GOAL})
    verdict = {
        "speed": all(a["ok"] for a in accept),
        "quality": qual is not None and all(q["ok"] for q in qual),
        "tests": bool(tst and tst["ok"]),
    }
    summary = {"mode": args.mode, "env": env, "stages": status, "acceptance": accept, "verdict": verdict,
               "comparison": rows, "quality": qual, "tests": tst, "go_bench": go, "torch_bench": torch}

    t = []
    t.append(f"gpu-check summary ({args.mode}{': a dry run on the CPU, not a measurement' if args.mode == 'dry' else ''})")
    for k in ("GPU", "DRIVER", "BUILD", "PLUGIN", "PJRT_PLUGIN_VERSION", "PJRT_HEADER_VERSION", "BACKEND",
              "TEST_BACKEND", "TF32", "TORCH", "JAX_CHECK"):
        if k in env:
            t.append(f"  {k.lower()}: {env[k]}")
    t.append("stages:")
    for s in status:
        t.append(f"  {s['stage']:<8} rc={s['rc']:<4} {s['seconds']:4d} s  {s['note']}")
    t.append(f"speed, Go ({(go or {}).get('backend', '?')}) vs PyTorch ({(torch or {}).get('backend', '?')}); "
             "ratio = speed-up of Go (steps/s, samples/s: Go/PyTorch; seconds: PyTorch/Go):")
    t.append(f"  {'figure':<36}{'Go':>14}{'PyTorch':>14}{'ratio':>9}")
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        t.append(f"  {r['figure']:<36}{fmt(r['go']):>14}{fmt(r['torch']):>14}{ratio:>9}")
    for a in accept:
        ratio = f"{a['ratio']:.2f}x" if a["ratio"] is not None else "missing"
        t.append(f"  acceptance {a['figure']}: {ratio} "
                 f"({'ok' if a['ok'] else 'BELOW'} >= {ACCEPT_MIN}x; goal {ACCEPT_GOAL}x "
                 f"{'met' if a['goal_met'] else 'not met'})")
    t.append("quality bars of the CPU default (ddpm all)"
             + (", here on the -quick budget: failures expected:" if args.mode == "dry" else ":"))
    if qual is None:
        t.append("  no metrics.json")
    else:
        for q in qual:
            val = "missing" if q["value"] is None else f"{q['value']:.4f}"
            t.append(f"  {q['set']:<7} {q['figure']:<19} {val:>8} {q['op']} {q['bar']}  "
                     f"{'ok' if q['ok'] else 'FAIL'}")
    if tst is None:
        t.append("tests: no log")
    else:
        t.append(f"tests: {len(tst['passed'])} passed, {len(tst['failed'])} failed, {len(tst['skipped'])} skipped"
                 f"{', TIMED OUT' if tst['timed_out'] else ''}; last line {tst['verdict']!r}")
        if tst["failed"]:
            t.append("  failed: " + " ".join(tst["failed"]))
        if tst["unfinished"]:
            t.append("  unfinished: " + " ".join(tst["unfinished"]))
    t.append("verdict: " + ", ".join(f"{k} {'ok' if v else 'FAIL'}" for k, v in verdict.items()))
    text = "\n".join(t) + "\n"

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
