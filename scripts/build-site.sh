#!/usr/bin/env bash
# Builds what `cargo leptos build --release` puts in target/site, with the
# same tools and flags, for the tests (so CI does not need to compile
# cargo-leptos): the wasm in the wasm-release profile, wasm-bindgen, npm's
# wasm-opt, the CSS and the public assets; then content-hashed names and
# precompressed copies (scripts/site-assets.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
site=target/site
pkg="$site/pkg"

log "building the browser bundle (wasm-release profile)"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
mkdir -p "$pkg"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$SITE_NAME" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
mv "$pkg/${SITE_NAME}_bg.wasm" "$pkg/$SITE_NAME.wasm"
# The flags cargo-leptos passes; bulk memory is needed since Rust 1.87.
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$pkg/$SITE_NAME.wasm" -o "$pkg/$SITE_NAME.wasm"
cp style/main.css "$pkg/$SITE_NAME.css"
cp -r public/. "$site/"
node scripts/site-assets.mjs "$site" pkg "$SITE_NAME"
log "site ready in $site ($(cat "$site/assets.txt" | tr '\n' ' '))"
