#!/usr/bin/env python3
"""Plan scoring: how good are the fitted models' budget plans when judged under the true curves?

For each data set, `mixlens optimize` (run.sh: defaults, i.e. the current total budget, current
spend = mean of the last 52 weeks, bounds 0.5-2x current) wrote out/TAG.plan.json (from the fit)
and out/TAG.lift.plan.json (from the fit with lift tests). Every true carryover kernel sums to 1,
so holding a spend s per week constant, channel c's true steady-state weekly response is
r_c(s) = beta_c * f_c(s; k_c) for both orders (gen.py's CURVES, truth.json's beta/curve/k).
Per plan (all in revenue per week, the plan's own current spends, bounds and budget):
  true gain    sum_c r_c(planned_c) - r_c(current_c)
  true optimum the best split of the same budget within the same bounds under r (exact greedy on
               a grid of 1e5 steps of the budget to move: the r_c are concave)
  capture      true gain / true optimal gain (%, negative: the plan loses revenue)
  claimed/true the plan's `uplift` over its true gain; `in iv`: the true gain inside its 90 %
               `uplift_interval`; `P(better)`: its `probability_better` (shown for losing plans)
  oracle       capture of the plan the oracle (least squares told the true transforms) would make:
               same optimum with its coefficients beta_o = ROI_o * spend / sum(unit)
Channel moves: claimed (model's optimal_response - current_response) vs true gain of each channel's
move, split by whether the planned spend leaves the range it ran at (PLAN.json `ran_at`).
Writes plans.txt (and prints it). `plans.py --check [TAG...]`: the optimum against brute force (default s2_delayed_s1: kink, power).
"""
import json, glob, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import CURVES, SCEN

def resp(beta, v):
    return lambda s: beta * CURVES[v["curve"]](np.asarray(s, float), v["k"])

def best(r, lo, hi, budget, n=100_000):
    """max sum_c r[c](s_c) s.t. sum s = budget, lo <= s <= hi; r concave: take the n best steps."""
    h = (budget - lo.sum()) / n
    if h <= 0: return lo.copy()
    steps, owner = [], []
    for c in range(len(r)):
        s = lo[c] + h * np.arange(int((hi[c] - lo[c]) / h) + 1)
        steps.append(np.diff(r[c](s))); owner.append(np.full(len(s) - 1, c))
    steps, owner = np.concatenate(steps), np.concatenate(owner)
    take = owner[np.argsort(-steps, kind="stable")[:n]]
    return lo + h * np.bincount(take, minlength=len(r))

def score(tag, suf):
    T = json.load(open(f"data/{tag}.truth.json")); O = json.load(open(f"data/{tag}.oracle.json"))
    P = json.load(open(f"out/{tag}{suf}.plan.json"))
    col = {c["name"]: c["spend_column"] for c in json.load(open(f"out/{tag}{suf}.json"))["channels"]}
    chs = P["channels"]; tv = [T["channels"][col[c["name"]]] for c in chs]
    r = [resp(v["beta"], v) for v in tv]
    cur, plan, lo, hi = (np.array([c[k] for c in chs]) for k in ("current_spend", "optimal_spend", "lower", "upper"))
    R = lambda s: sum(float(f(x)) for f, x in zip(r, s))
    base = R(cur); gain = R(plan) - base; opt = R(best(r, lo, hi, P["total_budget"])) - base
    ro = [resp(O["roi"][col[c["name"]]] * v["spend"] / sum(v["unit"]), v) for c, v in zip(chs, tv)]
    oracle = R(best(ro, lo, hi, P["total_budget"])) - base
    iv = P["uplift_interval"]
    moves = [dict(tag=tag, kind=suf, ch=c["name"], claimed=c["optimal_response"] - c["current_response"],
                  true=float(f(c["optimal_spend"]) - f(c["current_spend"])), change=c["change_pct"],
                  beyond=not c["ran_at"][0] <= c["optimal_spend"] <= c["ran_at"][1], curve=v["curve"],
                  carry=v["carryover"], order=v["order"], pattern=SCEN[T["scenario"]]["ch"][col[c["name"]]][0])
             for c, v, f in zip(chs, tv, r)]
    return dict(tag=tag, clean=T["clean"], media=base, gain=gain, opt=opt, cap=100 * gain / opt,
                ocap=100 * oracle / opt, claimed=P["uplift"], iv=iv, pb=P["probability_better"],
                inside=iv is not None and iv[0] <= gain <= iv[1], moves=moves, scen=T["scenario"])

def check(tag="s2_delayed_s1", G=40):
    """Brute force: 4 channels on a G-grid in their bounds, the 5th takes the rest of the budget."""
    T = json.load(open(f"data/{tag}.truth.json")); P = json.load(open(f"out/{tag}.plan.json"))
    col = {c["name"]: c["spend_column"] for c in json.load(open(f"out/{tag}.json"))["channels"]}
    chs = P["channels"]; r = [resp(T["channels"][col[c["name"]]]["beta"], T["channels"][col[c["name"]]]) for c in chs]
    lo, hi = np.array([c["lower"] for c in chs]), np.array([c["upper"] for c in chs])
    g = np.meshgrid(*[np.linspace(lo[i], hi[i], G) for i in range(4)], indexing="ij")
    last = P["total_budget"] - sum(g); ok = (last >= lo[4]) & (last <= hi[4])
    bf = sum(r[i](g[i][ok]) for i in range(4)) + r[4](last[ok])
    s = best(r, lo, hi, P["total_budget"]); v = sum(float(r[i](s[i])) for i in range(5))
    print(f"{tag}: greedy {v:.2f} (spends {np.round(s)}, sum {s.sum():.2f} of {P['total_budget']:.2f}), "
          f"brute force max over {ok.sum()} points {bf.max():.2f}: greedy - brute {v - bf.max():+.3f}")

def table(rows, kind):
    out = [f"| data set | true opt % | capture % | oracle capture % | claimed % | true % | claimed/true | in 90% iv | P(better) if lost |",
           "|---|---|---|---|---|---|---|---|---|"]
    for x in rows:
        pc = lambda v: 100 * v / x["media"]
        out.append(f"| {x['tag']} | {pc(x['opt']):+.2f} | {x['cap']:.0f} | {x['ocap']:.0f} | {pc(x['claimed']):+.2f} | "
                   f"{pc(x['gain']):+.2f} | {'%.2f' % (x['claimed'] / x['gain']) if x['gain'] > 0 else 'loss'} | "
                   f"{'yes' if x['inside'] else 'no'} | {x['pb'] if x['gain'] <= 0 else ''} |")
    main = [x for x in rows if not x["clean"]]
    cap = np.array([x["cap"] for x in main]); oc = np.array([x["ocap"] for x in main])
    med = lambda k: np.median([100 * x[k] / x["media"] for x in main])
    out += ["", f"{kind}, {len(main)} main data sets: capture median {np.median(cap):.0f} %, mean {cap.mean():.0f} %, "
            f"lowest {cap.min():.0f} % ({main[int(cap.argmin())]['tag']}), below 50 %: {(cap < 50).sum()}, "
            f"losing revenue: {sum(x['gain'] <= 0 for x in main)} "
            f"(P(better) {[x['pb'] for x in main if x['gain'] <= 0]}); oracle capture median {np.median(oc):.0f} %, mean {oc.mean():.0f} %",
            f"  median gain as % of true media response: claimed {med('claimed'):+.2f}, true {med('gain'):+.2f}, "
            f"true optimum {med('opt'):+.2f}; claimed/true median {np.median([x['claimed'] / x['gain'] for x in main if x['gain'] > 0]):.2f} "
            f"(plans that gain), sum claimed / sum true {sum(x['claimed'] for x in main) / sum(x['gain'] for x in main):.2f}; "
            f"true gain in the 90 % interval {sum(x['inside'] for x in main)}/{len(main)} "
            f"(below it {sum(x['iv'] is not None and x['gain'] < x['iv'][0] for x in main)})"]
    for b, name in ((True, "beyond ran_at"), (False, "within ran_at")):
        for up, d in ((True, "up"), (False, "down")):
            ms = [m for x in main for m in x["moves"] if m["beyond"] == b and ((m["change"] or 0) > 0) == up]
            if ms:
                cl, tr = sum(m["claimed"] for m in ms), sum(m["true"] for m in ms)
                out.append(f"  moves {name:13s} {d:4s}: {len(ms):3d} channel moves, claimed {cl:+12.0f} true {tr:+12.0f} "
                           f"per week summed: claimed/true {cl / tr:.2f}")
    cl = [x for x in rows if x["clean"]]
    out.append(f"  clean checks: capture {[round(x['cap']) for x in cl]}, oracle {[round(x['ocap']) for x in cl]}")
    return out

def worst(rows, k=3):
    out = []
    for x in sorted([x for x in rows if not x["clean"]], key=lambda x: x["cap"])[:k]:
        out.append(f"WORST {x['tag']}: capture {x['cap']:.0f} % (claimed {x['claimed']:+.0f}, true {x['gain']:+.0f}, "
                   f"true optimum {x['opt']:+.0f} per week; P(better) {x['pb']})")
        for m in sorted(x["moves"], key=lambda m: m["true"] - m["claimed"]):
            out.append(f"   {m['ch']:8s} {100 * (m['change'] or 0):+5.0f} % claimed {m['claimed']:+9.0f} true {m['true']:+9.0f} "
                       f"{'BEYOND ran_at' if m['beyond'] else 'within':13s} {m['curve']:5s} {m['pattern']:8s} {m['carry']} {m['order']}")
    return out

if __name__ == "__main__":
    if "--check" in sys.argv: [check(t) for t in sys.argv[2:] or ["s2_delayed_s1"]]; sys.exit()
    tags = sorted(os.path.basename(p)[:-11] for p in glob.glob("data/*.truth.json"))
    lines = []
    for suf, kind in (("", "tool"), (".lift", "tool+lift")):
        rows = [score(t, suf) for t in tags if os.path.exists(f"out/{t}{suf}.plan.json")]
        lines += [f"## Plans of {kind} (gains per week, % of the true media response at current spends)", ""]
        lines += table(rows, kind) + [""] + worst(rows) + [""]
    txt = "\n".join(lines); print(txt); open("plans.txt", "w").write(txt + "\n")
