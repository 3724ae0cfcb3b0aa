"""Fit PyMC-Marketing's MMM to its own example data and print each channel's ROI.

The model is the one in PyMC-Marketing's example notebook (multidimensional MMM,
GeometricAdstock(l_max=8), LogisticSaturation(), default priors, yearly_seasonality=2);
ROI per draw = channel contribution in original y units summed over the weeks / the
channel's total spend. Compared with MixLens in BENCHMARKS.md ("Beside PyMC-Marketing").

    python3 -m venv /work/pymc-venv
    /work/pymc-venv/bin/pip install "pymc-marketing==0.19.2" "pandas<3"
    /work/pymc-venv/bin/python scripts/pymc_compare.py tests/data/pymc_mmm_example.csv [seed]
"""

import json
import sys
import time

import arviz as az
import numpy as np
import pandas as pd
from pymc_marketing.mmm import GeometricAdstock, LogisticSaturation
from pymc_marketing.mmm.multidimensional import MMM

TRUTH = {"x1": 4967.8, "x2": 2274.9}  # from the data's generator (tests/data/README.md)

path = sys.argv[1] if len(sys.argv) > 1 else "tests/data/pymc_mmm_example.csv"
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
data = pd.read_csv(path, parse_dates=["date_week"])
X = data.drop(columns="y")
y = data["y"]
channels = ["x1", "x2"]

mmm = MMM(
    date_column="date_week",
    target_column="y",
    channel_columns=channels,
    control_columns=["event_1", "event_2", "t"],
    adstock=GeometricAdstock(l_max=8),
    saturation=LogisticSaturation(),
    yearly_seasonality=2,
)

# Build the graph ourselves so the original-scale contribution can be added before sampling.
t0 = time.perf_counter()
mmm.build_model(X, y)
mmm.add_original_scale_contribution_variable(var=["channel_contribution"])
t_build = time.perf_counter() - t0

# NUTS (PyMC's own sampler); the pytensor compile happens inside fit. PyMC guesses
# cpu_count()//2 cores (1 on a 2-core VM, i.e. chains one after another): ask for 2.
t0 = time.perf_counter()
mmm.fit(X, y, chains=4, draws=1000, tune=1000, cores=2, random_seed=seed, progressbar=False)
t_fit = time.perf_counter() - t0

post = mmm.idata.posterior
contrib = post["channel_contribution_original_scale"]  # (chain, draw, date, channel)
total = contrib.sum("date")
spend = data[channels].sum()

out = {"seed": seed, "cores": 2, "build_s": round(t_build, 2), "fit_s": round(t_fit, 2), "channels": {}}
for ch in channels:
    roi = (total.sel(channel=ch) / spend[ch]).values.ravel()
    lo, hi = np.quantile(roi, [0.05, 0.95])
    out["channels"][ch] = {
        "mean": float(roi.mean()),
        "median": float(np.median(roi)),
        "q05": float(lo),
        "q95": float(hi),
        "holds_truth": bool(lo <= TRUTH[ch] <= hi),
    }

# Diagnostics over the sampled (free) parameters.
free = [v.name for v in mmm.model.free_RVs]
rhat = az.rhat(post[free])
out["rhat_max"] = float(max(float(rhat[v].max()) for v in rhat.data_vars))
ess = az.ess(post[free])
out["ess_bulk_min"] = float(min(float(ess[v].min()) for v in ess.data_vars))
out["divergences"] = int(mmm.idata.sample_stats["diverging"].sum())
print(json.dumps(out, indent=1))
