#!/usr/bin/env python3
"""Oracle: OLS of revenue on [1, trend, 2 Fourier pairs, controls, TRUE transformed media].
Negative media coefficients are clipped to 0 (refit without that column). Writes data/NAME.oracle.json."""
import json, sys, glob, os, csv
import numpy as np

def oracle(tag):
    T = json.load(open(f"data/{tag}.truth.json"))
    rows = list(csv.DictReader(open(f"data/{tag}.csv")))
    n = len(rows); y = np.array([float(r["revenue"]) for r in rows])
    t = np.arange(n); woy = t * 7 / 365.25
    base = [np.ones(n), t / n]
    for k in (1, 2):
        base += [np.sin(2 * np.pi * k * woy), np.cos(2 * np.pi * k * woy)]
    base += [np.array([float(r[c]) for r in rows]) for c in T["controls"]]
    chans = list(T["channels"])
    active = list(chans)
    while True:
        X = np.column_stack(base + [np.array(T["channels"][c]["unit"]) for c in active])
        coef, *_ = np.linalg.lstsq(X, y, rcond=None)
        mc = dict(zip(active, coef[len(base):]))
        neg = [c for c in active if mc[c] < 0]
        if not neg: break
        active = [c for c in active if c not in neg]
    out = {}
    for c in chans:
        u = np.array(T["channels"][c]["unit"]); b = mc.get(c, 0.0)
        out[c] = b * u.sum() / T["channels"][c]["spend"]
    res = y - X @ coef
    return {"roi": out, "r2": 1 - res.var() / y.var(), "clipped": [c for c in chans if c not in active]}

if __name__ == "__main__":
    tags = sys.argv[1:] or sorted(os.path.basename(p)[:-11] for p in glob.glob("data/*.truth.json"))
    for tag in tags:
        o = oracle(tag)
        json.dump(o, open(f"data/{tag}.oracle.json", "w"))
        T = json.load(open(f"data/{tag}.truth.json"))
        num = sum(v["spend"] * abs(o["roi"][c] - v["roi"]) for c, v in T["channels"].items())
        den = sum(v["spend"] * v["roi"] for v in T["channels"].values())
        chk = max(abs(v["roi"] - v["roi_analytic"]) for v in T["channels"].values())
        print(f"{tag:30s} oracle mis={100*num/den:6.2f}%  R2={o['r2']:.3f} clipped={o['clipped']} cf-vs-analytic={chk:.1e}")
