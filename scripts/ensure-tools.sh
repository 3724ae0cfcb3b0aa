#!/usr/bin/env bash
# Install what the web build and the browser tests need, when missing: the wasm32 target, the
# wasm-bindgen CLI at exactly the crate's version, Node.js/npm, the npm packages of the build
# (wasm-opt), the page (Chart.js) and the tests (playwright-core), and (with --browser) Debian's
# Chromium. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" > /dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$version" ]; then
  echo "== installing wasm-bindgen-cli $version (a few minutes)"
  # Not --locked: one locked dependency of the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "$version"
fi

if ! command -v npm > /dev/null; then
  echo "== installing Node.js and npm"
  apt_install nodejs npm
fi

# wasm-opt comes from npm's binaryen (scripts/package.json), see the note there.
for dir in scripts www tests/e2e; do
  if [ -f "$dir/package-lock.json" ] && { [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; }; then
    echo "== npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's Chromium"
  apt_install chromium
fi
