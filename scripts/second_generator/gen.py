#!/usr/bin/env python3
"""Independent MMM data generator with known truth (a second yardstick beside tests/oof; written from outside, without reading it).

Writes, per data set NAME = <scenario>_s<seed>:
  data/NAME.csv        week,revenue,<spend cols>,<controls>
  data/NAME.truth.json true ROI per channel (counterfactual), true transformed media, betas, ...
  data/NAME.lift.csv   one 4-week pause test per channel (channel,start,end,lift,standard_error)

Truth: revenue_t = baseline_t + controls_t + sum_c beta_c * f_c(spend_c)_t + noise_t
where f_c is the channel's true carryover+curve transform (deliberately not Hill+geometric).
True ROI_c = (sum_t rev(actual) - sum_t rev(spend_c = 0 every week)) / sum_t spend_c,
computed by re-running the generator's revenue function on the counterfactual spends.
Usage: gen.py [--clean]   (--clean: zero noise, baseline in the oracle's span -> self-check)
"""
import json, os, sys
from datetime import date, timedelta
import numpy as np

OUT = os.path.join(os.getcwd(), "data")  # in the working directory (run.sh)
CH = ["tv_spend", "search_spend", "social_spend", "display_spend", "video_spend"]

# ---------------- carryover kernels (weights sum to 1, w[0] = same week) -------------
def k_geometric(theta, L=13):
    w = theta ** np.arange(L); return w / w.sum()

def k_delayed(peak, L=13, b=1.3):
    # gamma-shaped kernel l^a exp(-l/b), mode at a*b = peak; w[0] = 0 (no same-week effect)
    l = np.arange(L, dtype=float); a = peak / b
    w = np.where(l > 0, l ** a * np.exp(-l / b), 0.0); return w / w.sum()

def k_ma2():
    return np.array([0.5, 0.5])

def convolve(x, w):
    y = np.zeros_like(x, dtype=float)
    for l, wl in enumerate(w):
        if wl: y[l:] += wl * x[: len(x) - l]
    return y

# ---------------- saturation curves, f(0) = 0 ----------------------------------------
CURVES = {
    "log":   lambda x, k: np.log1p(x / k),
    "exp":   lambda x, k: 1 - np.exp(-x / k),
    "mm":    lambda x, k: x / (x + k),
    "tanh":  lambda x, k: np.tanh(x / k),
    "power": lambda x, k: (x / k) ** 0.6,
    "kink":  lambda x, k: np.where(x < k, x / k, 1 + 0.2 * (x - k) / k),
}

def kernel(spec):
    kind, p = spec
    return {"geo": lambda: k_geometric(p), "delayed": lambda: k_delayed(p), "ma2": k_ma2,
            "none": lambda: np.array([1.0])}[kind]()

class Channel:
    """transform(spend) -> unit-free media variable; order: carryover then curve, or curve then carryover."""
    def __init__(self, ref_spend, carry, curve, kmult, order="adstock_first"):
        self.w = kernel(carry); self.curve = curve; self.order = order; self.carry = carry
        pos = ref_spend[ref_spend > 0]
        ref = pos.mean() if len(pos) else 1.0
        self.k = kmult * ref   # curve scale relative to the mean active spend
        self.kmult = kmult
    def transform(self, x):
        f = CURVES[self.curve]
        if self.order == "adstock_first":
            return f(convolve(x, self.w), self.k)
        return convolve(f(x, self.k), self.w)
    def desc(self):
        return {"carryover": list(self.carry), "curve": self.curve, "k": self.k, "kmult": self.kmult,
                "order": self.order}

# ---------------- spend patterns -------------------------------------------------------
def flighted(rng, n, level, on=(4, 8), off=(2, 6)):
    x = np.zeros(n); t = int(rng.integers(0, 3))
    while t < n:
        ln = int(rng.integers(on[0], on[1] + 1)); amp = level * rng.uniform(0.6, 1.4)
        x[t:t + ln] = amp * rng.lognormal(0, 0.15, size=len(x[t:t + ln]))
        t += ln + int(rng.integers(off[0], off[1] + 1))
    return x

def always_on(rng, n, level, sd=0.25, ar=0.7):
    e = np.zeros(n); e[0] = rng.normal(0, sd)
    for t in range(1, n): e[t] = ar * e[t - 1] + rng.normal(0, sd * np.sqrt(1 - ar ** 2))
    return level * np.exp(e - sd ** 2 / 2)

def seasonal_follow(rng, n, level, season, strength, sd=0.12):
    s = season / (np.abs(season).max() + 1e-12)
    return level * np.clip(1 + strength * s, 0.15, None) * rng.lognormal(0, sd, n)

def growth(rng, n, start, end, sd=0.2):
    return np.linspace(start, end, n) * rng.lognormal(0, sd, n)

def sporadic(rng, n, level, p_on=0.35):
    on = rng.random(n) < p_on
    # runs: smooth the on/off so bursts last a few weeks
    on = np.convolve(on.astype(float), np.ones(3), "same") > 0.5
    return on * level * rng.lognormal(0, 0.3, n)

# ---------------- baseline ------------------------------------------------------------
def season_shape(n, kind, phase):
    woy = np.arange(n) * 7 / 365.25
    if kind == "fourier2":    # exactly in the oracle's span
        return (np.sin(2 * np.pi * woy + phase) + 0.4 * np.cos(4 * np.pi * woy + phase))
    if kind == "peaked":      # summer/winter peak, von-Mises like: many harmonics
        v = np.exp(1.0 * np.cos(2 * np.pi * woy + phase)); return (v - v.mean()) / v.std()
    if kind == "rich":        # 4 harmonics
        return (np.sin(2 * np.pi * woy + phase) + 0.5 * np.cos(4 * np.pi * woy) +
                0.15 * np.sin(6 * np.pi * woy + 1) + 0.08 * np.cos(8 * np.pi * woy + 2))
    raise ValueError(kind)

def holidays(dates):
    h = np.zeros(len(dates))
    for i, d in enumerate(dates):
        end = d + timedelta(days=6)
        # Black Friday week (4th Thu of Nov), two weeks before Christmas, Christmas week
        nov1 = date(d.year, 11, 1); bf = nov1 + timedelta(days=(3 - nov1.weekday()) % 7 + 21)
        if d <= bf <= end: h[i] += 1.0
        xmas = date(d.year, 12, 25)
        if d <= xmas <= end: h[i] += 0.7
        if d <= xmas - timedelta(days=10) <= end: h[i] += 0.4
    return h

# ---------------- scenarios ----------------------------------------------------------
# each channel: (pattern, carry, curve, kmult, target ROI, order)
SCEN = {
 "s1_geo_log": dict(n=156, share=0.25, r2=0.93, season="peaked", trend=0.15, hol=0.10, shift=0.0,
     ar=0.0, controls=["price_index"],
     ch={"tv_spend": ("flighted", 60000, ("geo", 0.6), "log", 1.0, 1.8),
         "search_spend": ("seasonal", 30000, ("geo", 0.2), "mm", 1.0, 2.5),
         "social_spend": ("growth", 20000, ("geo", 0.4), "exp", 1.2, 1.2),
         "display_spend": ("always", 15000, ("geo", 0.3), "mm", 1.0, 0.0),
         "video_spend": ("sporadic", 8000, ("geo", 0.3), "tanh", 1.0, 0.9)}),
 "s2_delayed": dict(n=104, share=0.30, r2=0.92, season="rich", trend=0.10, hol=0.08, shift=0.0,
     ar=0.0, controls=["competitor_promo"],
     ch={"tv_spend": ("flighted", 70000, ("delayed", 2.5), "exp", 1.0, 2.0),
         "search_spend": ("seasonal", 25000, ("ma2", None), "log", 0.8, 2.2),
         "social_spend": ("always", 20000, ("geo", 0.5), "mm", 1.5, 1.0),
         "display_spend": ("always", 12000, ("geo", 0.3), "kink", 0.8, 0.6),
         "video_spend": ("flighted", 25000, ("delayed", 2.0), "power", 1.0, 1.4)}),
 "s3_ma2_tanh_shift": dict(n=208, share=0.20, r2=0.93, season="peaked", trend=0.05, hol=0.08, shift=0.08,
     ar=0.0, controls=["price_index", "competitor_promo"],
     ch={"tv_spend": ("flighted", 50000, ("ma2", None), "tanh", 1.2, 1.5),
         "search_spend": ("seasonal", 30000, ("ma2", None), "tanh", 1.5, 2.8),
         "social_spend": ("growth", 15000, ("geo", 0.3), "tanh", 1.0, 1.1),
         "display_spend": ("always", 10000, ("ma2", None), "log", 1.0, 0.7),
         "video_spend": ("sporadic", 12000, ("geo", 0.5), "tanh", 0.8, 1.0)}),
 "s4_power_ar1": dict(n=156, share=0.30, r2=0.90, season="rich", trend=0.20, hol=0.12, shift=0.0,
     ar=0.6, controls=["price_index"],
     ch={"tv_spend": ("flighted", 80000, ("geo", 0.7), "power", 1.0, 1.6),
         "search_spend": ("seasonal", 35000, ("geo", 0.1), "power", 1.0, 2.4),
         "social_spend": ("growth", 25000, ("geo", 0.4), "power", 1.0, 1.3),
         "display_spend": ("always", 15000, ("geo", 0.3), "power", 1.0, 0.5),
         "video_spend": ("sporadic", 10000, ("delayed", 2.0), "exp", 1.0, 1.0)}),
 "s5_kink_mm_trend": dict(n=208, share=0.35, r2=0.94, season="peaked", trend=0.40, hol=0.08, shift=0.0,
     ar=0.0, controls=["competitor_promo"],
     ch={"tv_spend": ("flighted", 90000, ("geo", 0.5), "kink", 0.9, 1.7),
         "search_spend": ("seasonal", 40000, ("geo", 0.2), "mm", 0.7, 2.6),
         "social_spend": ("growth", 30000, ("geo", 0.3), "kink", 1.0, 1.4),
         "display_spend": ("always", 20000, ("ma2", None), "mm", 1.0, 0.8),
         "video_spend": ("flighted", 20000, ("geo", 0.6), "mm", 1.2, 1.2)}),
 "s6_search_demand": dict(n=104, share=0.25, r2=0.93, season="peaked", trend=0.10, hol=0.12, shift=0.0,
     ar=0.0, controls=["price_index"], search_strength=0.9, season_amp=0.30,
     ch={"tv_spend": ("flighted", 50000, ("geo", 0.5), "log", 1.0, 1.5),
         "search_spend": ("seasonal", 70000, ("geo", 0.1), "log", 1.0, 2.0),
         "social_spend": ("growth", 15000, ("geo", 0.3), "exp", 1.0, 1.0),
         "display_spend": ("always", 15000, ("geo", 0.3), "mm", 1.0, 0.0),
         "video_spend": ("sporadic", 8000, ("geo", 0.4), "tanh", 1.0, 1.1)}),
 "s7_short_noisy": dict(n=104, share=0.18, r2=0.85, season="rich", trend=0.10, hol=0.10, shift=0.0,
     ar=0.5, controls=["price_index", "competitor_promo"],
     ch={"tv_spend": ("flighted", 60000, ("delayed", 3.0), "mm", 1.0, 1.4),
         "search_spend": ("seasonal", 30000, ("ma2", None), "power", 1.0, 2.0),
         "social_spend": ("always", 20000, ("geo", 0.5), "exp", 1.0, 0.9, "curve_first"),
         "display_spend": ("always", 12000, ("geo", 0.2), "kink", 1.0, 0.5),
         "video_spend": ("sporadic", 15000, ("geo", 0.4), "log", 1.0, 1.0, "curve_first")}),
 "s8_zero_small_shift": dict(n=208, share=0.40, r2=0.95, season="rich", trend=0.15, hol=0.10, shift=-0.08,
     ar=0.3, controls=["competitor_promo"],
     ch={"tv_spend": ("flighted", 100000, ("geo", 0.6), "exp", 1.0, 2.0),
         "search_spend": ("seasonal", 40000, ("geo", 0.2), "log", 1.0, 3.0),
         "social_spend": ("growth", 25000, ("geo", 0.3), "mm", 1.0, 0.0),
         "display_spend": ("always", 20000, ("geo", 0.4), "tanh", 1.0, 1.0),
         "video_spend": ("sporadic", 3000, ("geo", 0.3), "mm", 1.0, 1.5)}),
}

def make(name, sc, seed, clean=False):
    rng = np.random.default_rng(1000 * seed + sum(map(ord, name)))
    n = sc["n"]
    start = date(2021, 1, 4) + timedelta(weeks=int(rng.integers(0, 30)))
    dates = [start + timedelta(weeks=i) for i in range(n)]
    t = np.arange(n)
    season = season_shape(n, "fourier2" if clean else sc["season"], rng.uniform(0, 2 * np.pi))
    season = season / np.abs(season).max()
    # spends
    spend = {}
    for c, spec in sc["ch"].items():
        pat, lvl = spec[0], spec[1]
        if pat == "flighted": x = flighted(rng, n, lvl)
        elif pat == "seasonal": x = seasonal_follow(rng, n, lvl, season, sc.get("search_strength", 0.5))
        elif pat == "growth": x = growth(rng, n, 0.3 * lvl, 1.7 * lvl)
        elif pat == "always": x = always_on(rng, n, lvl)
        elif pat == "sporadic": x = sporadic(rng, n, lvl)
        spend[c] = np.round(x, 2)
    chans = {c: Channel(spend[c], spec[2], spec[3], spec[4], spec[6] if len(spec) > 6 else "adstock_first")
             for c, spec in sc["ch"].items()}
    unit = {c: chans[c].transform(spend[c]) for c in chans}
    beta = {}
    for c, spec in sc["ch"].items():
        roi = spec[5]
        beta[c] = roi * spend[c].sum() / unit[c].sum() if roi > 0 else 0.0
    media_total = sum(beta[c] * unit[c].sum() for c in chans)
    # baseline level so that media share of total revenue = share
    B0 = media_total * (1 - sc["share"]) / sc["share"] / n
    base = B0 * (1 + sc["trend"] * (t / n - 0.5) + sc.get("season_amp", 0.15) * season)
    if not clean:
        base = base + B0 * sc["hol"] * holidays(dates)
        base = base + B0 * sc["shift"] * (t >= n // 2)
    ctrl, ctrl_eff = {}, np.zeros(n)
    if "price_index" in sc["controls"]:
        p = 100 + np.cumsum(rng.normal(0, 0.6, n)); p = p - 0.3 * (p - 100).mean()
        ctrl["price_index"] = np.round(p, 2); ctrl_eff += -0.02 * B0 * (p - 100) / 1.0 * 0.5
    if "competitor_promo" in sc["controls"]:
        cp = (rng.random(n) < 0.15).astype(float)
        ctrl["competitor_promo"] = cp; ctrl_eff += -0.05 * B0 * cp
    structural = base + ctrl_eff
    def media(sp):
        return sum(beta[c] * chans[c].transform(sp[c]) for c in chans)
    signal = structural + media(spend)
    if clean:
        noise = np.zeros(n)
    else:
        sd = np.sqrt(signal.var() * (1 - sc["r2"]) / sc["r2"])
        e = np.zeros(n); rho = sc["ar"]; e[0] = rng.normal(0, sd)
        for i in range(1, n): e[i] = rho * e[i - 1] + rng.normal(0, sd * np.sqrt(1 - rho ** 2))
        noise = e
    def revenue(sp):
        return structural + media(sp) + noise
    rev = revenue(spend)
    # --- true ROI, by counterfactual (spend of channel zero in every week) ---
    truth = {}
    for c in chans:
        sp0 = dict(spend); sp0[c] = np.zeros(n)
        inc = rev.sum() - revenue(sp0).sum()
        truth[c] = {"roi": inc / spend[c].sum(), "target_roi": sc["ch"][c][5],
                    "spend": float(spend[c].sum()), "beta": beta[c],
                    "roi_analytic": beta[c] * unit[c].sum() / spend[c].sum(),
                    "unit": (unit[c]).tolist(), **chans[c].desc()}
    # --- lift tests: 4-week pause per channel in the second half ---
    lifts = []
    for c in chans:
        x = spend[c]
        cand = [s for s in range(n // 2, n - 4 - 8 + 1) if (x[s:s + 4] > 0).all()]
        if not cand:
            cand = [max(range(n // 2, n - 12), key=lambda s: x[s:s + 4].sum())]
        sums = np.array([x[s:s + 4].sum() for s in cand])
        s = cand[int(np.argmin(np.abs(sums - np.median(sums))))]
        sp0 = dict(spend); z = x.copy(); z[s:s + 4] = 0; sp0[c] = z
        true_lift = float(rev.sum() - revenue(sp0).sum())
        if truth[c]["target_roi"] > 0:
            se = 0.15 * true_lift
        else:
            se = 0.15 * x[s:s + 4].sum() * 0.5
        meas = true_lift + rng.normal(0, se)
        lifts.append(dict(channel=c, start=dates[s].isoformat(), end=dates[s + 3].isoformat(),
                          lift=round(meas, 2), standard_error=round(se, 2), true_lift=true_lift,
                          window_spend=float(x[s:s + 4].sum())))
    os.makedirs(OUT, exist_ok=True)
    tag = f"{name}_s{seed}" + ("_clean" if clean else "")
    cols = ["week", "revenue"] + list(chans) + list(ctrl)
    with open(f"{OUT}/{tag}.csv", "w") as f:
        f.write(",".join(cols) + "\n")
        for i in range(n):
            row = [dates[i].isoformat(), f"{rev[i]:.2f}"] + [f"{spend[c][i]:.2f}" for c in chans] + \
                  [f"{ctrl[k][i]:g}" for k in ctrl]
            f.write(",".join(row) + "\n")
    with open(f"{OUT}/{tag}.lift.csv", "w") as f:
        f.write("channel,start,end,lift,standard_error\n")
        for L in lifts:
            f.write(f"{L['channel']},{L['start']},{L['end']},{L['lift']:.2f},{L['standard_error']:.2f}\n")
    media_rev = float(media(spend).sum())
    r2_true = 1 - noise.var() / rev.var()
    meta = {"name": tag, "scenario": name, "seed": seed, "weeks": n, "controls": list(ctrl),
            "media_share": media_rev / rev.sum(), "r2_true_model": r2_true, "channels": truth,
            "lifts": lifts, "clean": clean}
    with open(f"{OUT}/{tag}.truth.json", "w") as f:
        json.dump(meta, f)
    return meta

if __name__ == "__main__":
    clean = "--clean" in sys.argv
    seeds = [1] if clean else [1, 2, 3]
    for name, sc in SCEN.items():
        for seed in seeds:
            m = make(name, sc, seed, clean)
            rois = " ".join(f"{c.split('_')[0]}={v['roi']:.2f}" for c, v in m["channels"].items())
            print(f"{m['name']:28s} n={m['weeks']} share={m['media_share']:.2f} R2={m['r2_true_model']:.2f} {rois}")
