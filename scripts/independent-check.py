#!/usr/bin/env python3
"""Fit data from a generator that is NOT MixLens's own simulator, and compare with its truth.

The generator follows the peers' conventions instead of MixLens's: PyMC-Marketing-style
*normalized* geometric carryover over 8 weeks, Meridian-style Hill curves with the half-saturation
point set on the adstocked series, four channels (two flighted, one mixed, one always on with
±30% variation), a trend, two seasonal harmonics, promo events, a price control and 3% noise.
Each channel's coefficient is drawn so that its true ROI lies between 1.2 and 3.

Usage: python3 scripts/independent-check.py [SEEDS] [MIXLENS_BINARY]
Prints, per seed and channel, the estimate, the truth, the error and whether the ROI range holds
the truth; then a summary. Needs only Python's standard library.
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta

CHANNELS = [  # name, carryover, Hill slope, half-saturation (share of max), mean spend, pattern
    ("tv", 0.6, 1.0, 0.5, 40000.0, "flighted"),
    ("search", 0.1, 1.0, 0.8, 15000.0, "always_on"),
    ("social", 0.3, 1.5, 0.6, 12000.0, "mixed"),
    ("ooh", 0.5, 2.0, 0.4, 8000.0, "flighted"),
]
T = 156
NOISE = 0.03


def generate(seed):
    rng = random.Random(seed)
    y = []
    promo = [1.0 if rng.random() < 0.1 else 0.0 for _ in range(T)]
    price = [1 + 0.05 * math.sin(2 * math.pi * t / 26) + 0.01 * rng.gauss(0, 1) for t in range(T)]
    for t in range(T):
        season = 8000 * math.sin(2 * math.pi * t / 52.18) + 3000 * math.cos(4 * math.pi * t / 52.18)
        y.append(50000 + 80 * t + season + 6000 * promo[t] - 20000 * (price[t] - 1))
    spends, truth = {}, []
    for name, theta, slope, half, mean, pattern in CHANNELS:
        if pattern == "flighted":
            x = [rng.gammavariate(4, mean / 4 / 0.45) if rng.random() < 0.45 else 0.0 for _ in range(T)]
        elif pattern == "mixed":
            x = [rng.gammavariate(3, mean / 3 / 0.8) if rng.random() < 0.8 else 0.0 for _ in range(T)]
        else:
            x = [mean * (0.7 + 0.6 * rng.random()) * (1 + 0.3 * math.sin(2 * math.pi * t / 52.18)) for t in range(T)]
        w = [theta ** l for l in range(8)]
        total = sum(w)
        a = [sum(w[l] / total * x[t - l] for l in range(8) if t - l >= 0) for t in range(T)]
        k = half * max(a)
        s = [v ** slope / (v ** slope + k ** slope) if v > 0 else 0.0 for v in a]
        beta = rng.uniform(1.2, 3.0) * sum(x) / sum(s)
        for t in range(T):
            y[t] += beta * s[t]
        spends[name + "_spend"] = x
        truth.append({"name": name, "roi": beta * sum(s) / sum(x)})
    mean_y = sum(y) / T
    y = [v + NOISE * mean_y * rng.gauss(0, 1) for v in y]
    lines = ["date,revenue," + ",".join(spends) + ",promo,price"]
    for t in range(T):
        d = date(2021, 1, 4) + timedelta(weeks=t)
        cells = [f"{spends[c][t]:.2f}" for c in spends]
        lines.append(f"{d},{y[t]:.2f}," + ",".join(cells) + f",{int(promo[t])},{price[t]:.4f}")
    return "\n".join(lines) + "\n", truth


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/mixlens"
    errors, inside, flagged_big, big, rows = {}, 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, seeds + 1):
            text, truth = generate(seed)
            data, model = os.path.join(tmp, "d.csv"), os.path.join(tmp, "m.json")
            with open(data, "w") as f:
                f.write(text)
            subprocess.run([binary, "fit", data, "--out", model, "--quiet"], check=True, stdout=subprocess.DEVNULL)
            with open(model) as f:
                m = json.load(f)
            warned = {w["message"].split("'")[1] for w in m["warnings"] if w["kind"] in ("uncertain_roi", "uncertain_effect")}
            cells = []
            for k, c in enumerate(m["channels"]):
                t = next(x["roi"] for x in truth if x["name"] == c["name"])
                lo, hi = m["selected"]["roi_range"][k]
                e = c["roi"] / t - 1
                errors.setdefault(c["name"], []).append(abs(e))
                inside += lo <= t <= hi
                rows += 1
                if abs(e) > 0.25:
                    big += 1
                    flagged_big += c["name"] in warned
                cells.append(f"{c['name']} {c['roi']:.2f}/{t:.2f} ({100 * e:+.0f}%{'' if lo <= t <= hi else ', outside range'}{', warned' if c['name'] in warned else ''})")
            print(f"seed {seed:2}: " + "; ".join(cells))
    print()
    for name, e in errors.items():
        print(f"{name:7} mean error {100 * sum(e) / len(e):5.1f}%, within 25% in {sum(x <= 0.25 for x in e)}/{len(e)} seeds")
    print(f"ROI range holds the truth for {inside} of {rows} channel fits")
    print(f"errors above 25%: {big}, of which flagged by an uncertain-ROI warning: {flagged_big}")


if __name__ == "__main__":
    main()
