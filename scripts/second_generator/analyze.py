#!/usr/bin/env python3
"""Metrics: misattributed share = sum_c spend_c |ROI_est - ROI_true| / sum_c spend_c ROI_true."""
import json, glob, os, sys
import numpy as np

def mis(T, roi):
    num = sum(v["spend"] * abs(roi[c] - v["roi"]) for c, v in T["channels"].items())
    den = sum(v["spend"] * v["roi"] for v in T["channels"].values())
    return 100 * num / den

def tool_roi(path):
    d = json.load(open(path))
    roi = {c["spend_column"]: c["roi"] for c in d["channels"]}
    iv = {c["spend_column"]: c["roi_interval"] for c in d["channels"]}
    return roi, iv, d.get("warnings", []), d

rows = []; detail = []
tags = sorted(os.path.basename(p)[:-11] for p in glob.glob("data/*.truth.json"))
for tag in tags:
    T = json.load(open(f"data/{tag}.truth.json")); O = json.load(open(f"data/{tag}.oracle.json"))
    r = dict(tag=tag, scen=T["scenario"], seed=T["seed"], n=T["weeks"], clean=T["clean"],
             oracle=mis(T, O["roi"]))
    for kind, suf in (("tool", ""), ("lift", ".lift")):
        p = f"out/{tag}{suf}.json"
        if not os.path.exists(p):  # a failed fit (run.sh lists it): counted as missing
            r[kind] = float("nan"); r[kind + "_hold"] = (0, 0); r[kind + "_warn"] = []; continue
        roi, iv, w, d = tool_roi(p)
        r[kind] = mis(T, roi)
        hold = [iv[c][0] - 1e-9 <= v["roi"] <= iv[c][1] + 1e-9 for c, v in T["channels"].items()]
        r[kind + "_hold"] = (sum(hold), len(hold))
        r[kind + "_warn"] = [x.get("kind") for x in w]
        for c, v in T["channels"].items():
            detail.append(dict(tag=tag, kind=kind, ch=c, true=v["roi"], est=roi[c], iv=iv[c],
                               oracle=O["roi"][c], spend=v["spend"], wabs=v["spend"] * abs(roi[c] - v["roi"]),
                               curve=v["curve"], carry=v["carryover"], order=v["order"]))
    rows.append(r)

main = [r for r in rows if not r["clean"]]
lines = []
P = lines.append
P("| data set | weeks | oracle % | tool % | tool/oracle | tool+lift % | 90% iv hold (tool) | (tool+lift) |")
P("|---|---|---|---|---|---|---|---|")
for r in rows:
    P(f"| {r['tag']} | {r['n']} | {r['oracle']:.1f} | {r['tool']:.1f} | {r['tool']/max(r['oracle'],1e-9):.2f} | "
      f"{r['lift']:.1f} | {r['tool_hold'][0]}/{r['tool_hold'][1]} | {r['lift_hold'][0]}/{r['lift_hold'][1]} |")
mo = np.median([r["oracle"] for r in main]); mt = np.median([r["tool"] for r in main])
ml = np.median([r["lift"] for r in main])
ho = sum(r["tool_hold"][0] for r in main), sum(r["tool_hold"][1] for r in main)
hl = sum(r["lift_hold"][0] for r in main), sum(r["lift_hold"][1] for r in main)
P("")
P(f"24 main data sets: median oracle {mo:.1f} %, median tool {mt:.1f} % (ratio of medians {mt/mo:.2f}), "
  f"median tool+lift {ml:.1f} % (ratio {ml/mo:.2f}); mean oracle {np.mean([r['oracle'] for r in main]):.1f}, "
  f"mean tool {np.mean([r['tool'] for r in main]):.1f}, mean tool+lift {np.mean([r['lift'] for r in main]):.1f}")
P(f"90% intervals holding truth: tool {ho[0]}/{ho[1]} ({100*ho[0]/ho[1]:.0f}%), tool+lift {hl[0]}/{hl[1]} ({100*hl[0]/hl[1]:.0f}%)")
P(f"median per-data-set ratio tool/oracle {np.median([r['tool']/r['oracle'] for r in main]):.2f}; "
  f"tool beats oracle in {sum(r['tool']<r['oracle'] for r in main)}/24; lift better than no-lift in {sum(r['lift']<r['tool'] for r in main)}/24")
# per scenario medians
P("")
for sc in sorted(set(r["scen"] for r in main)):
    rs = [r for r in main if r["scen"] == sc]
    P(f"  {sc:22s} oracle {np.median([r['oracle'] for r in rs]):5.1f}  tool {np.median([r['tool'] for r in rs]):5.1f}  lift {np.median([r['lift'] for r in rs]):5.1f}")
# worst
P("")
worst = sorted(main, key=lambda r: -r["tool"])[:3]
for r in worst:
    P(f"WORST {r['tag']} tool {r['tool']:.1f} % (oracle {r['oracle']:.1f}, with lift {r['lift']:.1f})")
    ds = sorted([d for d in detail if d["tag"] == r["tag"] and d["kind"] == "tool"], key=lambda d: -d["wabs"])
    for d in ds[:3]:
        dl = [x for x in detail if x["tag"] == r["tag"] and x["kind"] == "lift" and x["ch"] == d["ch"]][0]
        P(f"   {d['ch']:14s} true {d['true']:.2f} tool {d['est']:.2f} [{d['iv'][0]:.2f},{d['iv'][1]:.2f}] "
          f"oracle {d['oracle']:.2f} | +lift {dl['est']:.2f} [{dl['iv'][0]:.2f},{dl['iv'][1]:.2f}] "
          f"| share of error {100*d['wabs']/sum(x['wabs'] for x in ds):.0f}% | {d['carry']} {d['curve']} {d['order']}")
# per-channel-type summary
P("")
for ch in ["tv_spend", "search_spend", "social_spend", "display_spend", "video_spend"]:
    ds = [d for d in detail if d["ch"] == ch and d["kind"] == "tool" and not d["tag"].endswith("clean")]
    dl = [d for d in detail if d["ch"] == ch and d["kind"] == "lift" and not d["tag"].endswith("clean")]
    P(f"  {ch:14s} median (est-true): tool {np.median([d['est']-d['true'] for d in ds]):+.2f}  oracle {np.median([d['oracle']-d['true'] for d in ds]):+.2f}  "
      f"lift {np.median([d['est']-d['true'] for d in dl]):+.2f}; |err| tool {np.median([abs(d['est']-d['true']) for d in ds]):.2f} oracle {np.median([abs(d['oracle']-d['true']) for d in ds]):.2f} lift {np.median([abs(d['est']-d['true']) for d in dl]):.2f}; "
      f"iv hold tool {sum(d['iv'][0]<=d['true']<=d['iv'][1] for d in ds)}/{len(ds)} lift {sum(d['iv'][0]<=d['true']<=d['iv'][1] for d in dl)}/{len(dl)}")
# warnings
P("")
from collections import Counter
wc = Counter(); wl = Counter()
for r in main:
    wc.update(r["tool_warn"]); wl.update(r["lift_warn"])
P(f"warning kinds (tool): {dict(wc)}; (tool+lift): {dict(wl)}")
txt = "\n".join(lines)
print(txt)
open("analysis.txt", "w").write(txt + "\n")
json.dump(detail, open("detail.json", "w"))
