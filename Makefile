# MixLens. The README's two set-up commands are `make serve` and `make test`; both install what
# is missing (wasm target, wasm-bindgen CLI, wasm-opt, npm packages, Chromium for the tests). You
# need the Rust toolchain and access to the package registries.

SHELL := /bin/bash
CARGO ?= cargo
PORT ?= 8080
VERSION := $(shell awk -F'"' '/^version = / { print $$2; exit }' Cargo.toml)

.PHONY: serve web dist npm-pack test test-rust test-wasm test-e2e fuzz bench bench-web bench-big-web accuracy-table oof-table clean

## Build the page and serve it on http://127.0.0.1:$(PORT) (Ctrl-C to stop).
serve: web
	@echo "MixLens on http://127.0.0.1:$(PORT)"
	cd www && python3 -m http.server --bind 127.0.0.1 $(PORT)

## The wasm package (build/pkg) and the page's copies of it and of Chart.js (www/pkg, www/vendor).
web:
	bash scripts/ensure-tools.sh
	bash scripts/build-web.sh

## The complete static site in dist/: copy it to any static host.
dist: web
	rm -rf dist
	mkdir -p dist
	cp www/index.html www/app.min.js www/sw.js www/style.min.css dist/
	cp -r www/pkg www/vendor dist/
	@echo "dist/: $$(du -sh dist | cut -f1)"

## The npm package tarball (target/npm/) and the example page that uses only it.
npm-pack: web
	mkdir -p target/npm
	cd build/pkg && npm pack --pack-destination ../../target/npm --loglevel=error > /dev/null
	cd pkg-config/example && rm -rf node_modules && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error ../../target/npm/mixlens-$(VERSION).tgz
	@echo "target/npm/mixlens-$(VERSION).tgz"

## Every test: Rust (unit, integration, property, CLI), the bindings under Node, and the page in Chromium.
test: test-rust test-wasm test-e2e

test-rust:
	$(CARGO) test --release
	$(CARGO) bench --no-run --quiet

## The fuzz targets of tests/fuzz.rs at scale (`make test` runs them with a short budget of a few
## thousand cases each). FUZZ_CASES per target; FUZZ_TARGET picks one (default: all, one by one).
FUZZ_CASES ?= 1000000
FUZZ_TARGET ?= fuzz_
fuzz:
	MIXLENS_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test --release --test fuzz $(FUZZ_TARGET) -- --nocapture --test-threads 1

## wasm-bindgen-test tests of the bindings, run under Node.
test-wasm:
	bash scripts/ensure-tools.sh
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --release --target wasm32-unknown-unknown --test wasm

## End-to-end tests: Debian's Chromium driven by playwright-core; screenshots in tests/e2e/artifacts/.
test-e2e: npm-pack
	bash scripts/ensure-tools.sh --browser
	cd tests/e2e && node --test *.test.mjs

## Criterion benchmarks of the core and the allocator, whole-CLI timings, browser figures.
bench: bench-web
	$(CARGO) bench --bench fit
	$(CARGO) bench --bench allocate
	bash scripts/bench-cli.sh

## Page weight, time to interactive, default fit and what-if timings in headless Chromium.
bench-web: web
	bash scripts/ensure-tools.sh --browser
	cd tests/e2e && node bench.mjs

## Big data in the page: estimate, fit time and peak memory of 10 years of daily data, 30 channels.
bench-big-web: web
	bash scripts/ensure-tools.sh --browser
	cd tests/e2e && node bigdata.mjs

## The accuracy-versus-truth table of BENCHMARKS.md (20 seeds, three noise levels).
accuracy-table:
	$(CARGO) bench --bench accuracy_table -- 20 0.02 0.03 0.05

## Out-of-family accuracy against the oracle (BENCHMARKS.md), seeds 1-3 of every case.
oof-table:
	$(CARGO) bench --bench oof_table -- 3

clean:
	$(CARGO) clean
	rm -rf build dist www/pkg www/vendor
