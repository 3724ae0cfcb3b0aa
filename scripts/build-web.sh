#!/usr/bin/env bash
# Build the WebAssembly package and the static site.
#   build/pkg/   the npm package (ES module API, worker, wasm, types, README)
#   www/pkg/     the same files, served by the page
#   www/vendor/  third-party files copied from node_modules (pinned in www/package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
echo "== cargo build (wasm32, the web profile: optimized for size)"
cargo build --lib --profile web --target wasm32-unknown-unknown --quiet

rm -rf build/pkg
mkdir -p build/pkg
wasm-bindgen --target web --no-typescript --out-dir build/pkg target/wasm32-unknown-unknown/web/mixlens.wasm
# Release builds of current Rust use these wasm features; wasm-opt must be told so. -Oz: for size,
# like the web profile; --converge repeats it while it still shrinks (about 3 KB gzipped).
# --low-memory-unused lets it fold constant offsets below 1 KB into loads and stores (about 4 KB
# gzipped). Rust's wasm places the stack first (addresses 0 to 1 MB, growing down), so the first
# KB is only the bottom of a nearly full stack, and direct accesses there stay as they are; the
# folded form differs only where `address + offset` wraps past 4 GB, which needs a pointer near
# 4 GB that a Rust program does not make (an overflowed stack would trap instead of writing at
# 0). Re-check if the link layout changes. tests/e2e/optimized.test.mjs: the shipped file gives
# the native figures bit for bit.
scripts/node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  build/pkg/mixlens_bg.wasm -o build/pkg/mixlens_bg.wasm

cp pkg-config/index.js pkg-config/worker.js pkg-config/index.d.ts pkg-config/README.md pkg-config/LICENSE build/pkg/
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" pkg-config/package.json > build/pkg/package.json

rm -rf www/pkg www/vendor
mkdir -p www/pkg www/vendor
cp build/pkg/*.wasm www/pkg/
# The page's copies of the package's JavaScript are minified (names of exports kept): about 9 KB
# less to transfer; the npm package keeps them readable.
for f in build/pkg/*.js; do
  scripts/node_modules/.bin/esbuild --minify --format=esm --log-level=warning "$f" --outfile="www/pkg/$(basename "$f")"
done
# The page's own modules (www/*.js, the sources) bundled and minified into www/app.min.js, which
# index.html loads: about 25 KB less to transfer. The wasm package stays a separate module
# (external), so its worker and wasm resolve next to it as before.
scripts/node_modules/.bin/esbuild www/main.js --bundle --minify --format=esm --log-level=warning \
  --external:./pkg/index.js --outfile=www/app.min.js
# The style sheet minified into www/style.min.css, which index.html loads: about 0.6 KB less to
# transfer.
scripts/node_modules/.bin/esbuild www/style.css --minify --log-level=warning --outfile=www/style.min.css
# Chart.js with only what the page draws (scripts/chart-entry.js): about 7 KB less to transfer
# than the full UMD build; the global `Chart` as before.
NODE_PATH=www/node_modules scripts/node_modules/.bin/esbuild scripts/chart-entry.js --bundle --minify \
  --format=iife --legal-comments=inline --log-level=warning --outfile=www/vendor/chart.min.js
cp www/node_modules/chart.js/LICENSE.md www/vendor/chart.js-LICENSE.md
wasm=$(gzip -9 -c build/pkg/mixlens_bg.wasm | wc -c)
echo "== built mixlens $version: wasm $(wc -c < build/pkg/mixlens_bg.wasm) bytes ($wasm gzipped)"
