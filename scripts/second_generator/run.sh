#!/bin/bash
# A second out-of-family yardstick, independent of tests/oof (written by a helper session that
# did not read it): 8 scenarios × 3 seeds of weekly data with known truths (curves and lags
# outside the model's families, delayed TV with nothing in the spend's week, search following
# demand, level shifts, AR(1) noise) plus 8 noiseless checks, an oracle (least squares told the
# true transforms) and one 4-week pause test per channel (SE 15 % of the true lift).
#
#   cargo build --release
#   bash scripts/second_generator/run.sh WORKDIR [--bin MIXLENS] [fit options...]
#
# Needs python3 with venv (Debian: python3-venv) and numpy from PyPI (installed in WORKDIR/venv).
# Writes WORKDIR/data, WORKDIR/out and WORKDIR/analysis.txt (per data set: the oracle, ours,
# ours with every channel tested, intervals holding the truth), and plans.txt (each fit's default
# `optimize` plan scored under the true curves: plans.py). Data are made once per WORKDIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh WORKDIR [--bin MIXLENS] [fit options...]}
shift
bin="$here/../../target/release/mixlens"
if [ "${1:-}" = "--bin" ]; then bin=$2; shift 2; fi
bin=$(command -v "$bin" || true)
[ -n "$bin" ] && [ -x "$bin" ] || { echo "no mixlens binary: run 'cargo build --release' first, or pass --bin" >&2; exit 1; }
bin=$(realpath "$bin")
mkdir -p "$work" && cd "$work"
if ! venv/bin/python -c 'import numpy' 2>/dev/null; then
  rm -rf venv && python3 -m venv venv && venv/bin/pip -q install numpy
fi
if [ ! -f data/.complete ]; then
  rm -rf data
  venv/bin/python "$here/gen.py" && venv/bin/python "$here/gen.py" --clean && venv/bin/python "$here/oracle.py" > /dev/null
  touch data/.complete
fi
rm -rf out && mkdir out
for f in data/*.truth.json; do
  tag=$(basename "$f" .truth.json)
  "$bin" fit "data/$tag.csv" --quiet --out "out/$tag.json" "$@" > "out/$tag.log" 2>&1 || echo "$tag: exit $?" >> out/errors.txt
  "$bin" fit "data/$tag.csv" --quiet --lift "data/$tag.lift.csv" --out "out/$tag.lift.json" "$@" > "out/$tag.lift.log" 2>&1 || echo "$tag lift: exit $?" >> out/errors.txt
  for m in "$tag" "$tag.lift"; do  # default plans: current total, last 52 weeks, bounds 0.5-2x
    [ ! -f "out/$m.json" ] || "$bin" optimize "out/$m.json" --out "out/$m.plan.json" > "out/$m.plan.log" 2>&1 || echo "$m plan: exit $?" >> out/errors.txt
  done
done
[ ! -f out/errors.txt ] || { echo "some fits failed (out/errors.txt):" >&2; cat out/errors.txt >&2; }
venv/bin/python "$here/analyze.py" > /dev/null
head -40 analysis.txt
venv/bin/python "$here/plans.py" > /dev/null
grep -A6 '^tool' plans.txt
