#!/usr/bin/env python3
"""Misattribution of a fitted MODEL.json against a simulation's truth (`mixlens simulate --truth`):
the share of true media revenue put on the wrong channel, sum_c spend_c |ROI_c - true ROI_c| /
sum_c true contribution_c (the out-of-family bench's measure, tests/oof/mod.rs).

    python3 scripts/misattribution.py truth.json MODEL.json [MODEL.json ...]
"""
import json
import sys

truth = {c["name"]: c for c in json.load(open(sys.argv[1]))["channels"]}
total = sum(c["contribution"] for c in truth.values())
for path in sys.argv[2:]:
    model = json.load(open(path))
    wrong = sum(truth[c["name"]]["spend"] * abs(c["roi"] - truth[c["name"]]["roi"]) for c in model["channels"])
    worst = max(model["channels"], key=lambda c: truth[c["name"]]["spend"] * abs(c["roi"] - truth[c["name"]]["roi"]))
    print(f"{path}: misattribution {100 * wrong / total:.1f}%, NRMSE {model['fit']['nrmse']:.4f}, "
          f"worst {worst['name']} {truth[worst['name']]['roi']:.2f} -> {worst['roi']:.2f}")
