#!/usr/bin/env bash
# Whole-CLI timings and peak memory of `mixlens fit` with default settings (20,000 candidates).
# Uses hyperfine and GNU time when present (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/mixlens
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" simulate --out "$tmp/sim208.csv" --periods 208 > /dev/null
cases=("$tmp/sim208.csv" "tests/data/robyn_dt_simulated_weekly.csv")
for data in "${cases[@]}"; do
  echo "== mixlens fit $(basename "$data")"
  if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs 7 "$bin fit $data --out $tmp/model.json --quiet"
  else
    for i in 1 2 3; do /usr/bin/env time -f "%e s" "$bin" fit "$data" --out "$tmp/model.json" --quiet; done
  fi
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bin" fit "$data" --out "$tmp/model.json" --quiet 2>&1 | grep -E "Maximum resident set size"
  fi
done
