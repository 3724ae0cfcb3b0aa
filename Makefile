# MixLens. The README's two set-up commands are `make serve` and `make test`; both install what
# is missing. Everything here works on a fresh machine with the Rust toolchain and network
# access to the package registries.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: test test-rust bench accuracy-table clean

## Every test: unit, integration, property, CLI (release mode: the accuracy tests fit real models).
test: test-rust

test-rust:
	$(CARGO) test --release --all-targets

## Criterion benchmarks of the core, then whole-CLI timings (medians go in BENCHMARKS.md).
bench:
	$(CARGO) bench --bench fit
	$(CARGO) bench --bench allocate
	bash scripts/bench-cli.sh

## The accuracy-versus-truth table of BENCHMARKS.md (20 seeds, three noise levels; ~1 minute).
accuracy-table:
	$(CARGO) run --release --example accuracy_table -- 20 0.02 0.03 0.05

clean:
	$(CARGO) clean
