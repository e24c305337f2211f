#!/usr/bin/env bash
# Production build: the server in $CARGO_TARGET_DIR/release/server and the
# site in target/site, with npm's wasm-opt on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh dev
cargo leptos build --release
node scripts/site-assets.mjs target/site pkg "$SITE_NAME"
log "server: $CARGO_TARGET_DIR/release/server   site: target/site"
