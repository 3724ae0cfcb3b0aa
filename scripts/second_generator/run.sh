#!/bin/bash
# A second out-of-family yardstick, independent of tests/oof (written by a helper session that
# did not read it): 8 scenarios × 3 seeds of weekly data with known truths (curves and lags
# outside the model's families, delayed TV with nothing in the spend's week, search following
# demand, level shifts, AR(1) noise) plus 8 noiseless checks, an oracle (least squares told the
# true transforms) and one 4-week pause test per channel (SE 15 % of the true lift).
#
#   bash scripts/second_generator/run.sh WORKDIR [MIXLENS_BINARY] [extra fit options...]
#
# Needs python3 with numpy (a venv is made in WORKDIR). Writes WORKDIR/data, WORKDIR/out and
# WORKDIR/analysis.txt (per data set: oracle, ours, ours with every channel tested, intervals).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: run.sh WORKDIR [MIXLENS_BINARY] [fit options...]}
bin=$(realpath "${2:-$here/../../target/release/mixlens}")
shift $(( $# >= 2 ? 2 : 1 ))
mkdir -p "$work/out" && cd "$work"
[ -x venv/bin/python ] || { python3 -m venv venv && venv/bin/pip -q install numpy; }
[ -d data ] || { venv/bin/python "$here/gen.py" && venv/bin/python "$here/gen.py" --clean && venv/bin/python "$here/oracle.py"; }
for f in data/*.truth.json; do
  tag=$(basename "$f" .truth.json)
  "$bin" fit "data/$tag.csv" --quiet --out "out/$tag.json" "$@" > "out/$tag.log" 2>&1 || echo "$tag: exit $?" >> out/errors.txt
  "$bin" fit "data/$tag.csv" --quiet --lift "data/$tag.lift.csv" --out "out/$tag.lift.json" "$@" > "out/$tag.lift.log" 2>&1 || echo "$tag lift: exit $?" >> out/errors.txt
done
venv/bin/python "$here/analyze.py" > /dev/null
head -40 analysis.txt
