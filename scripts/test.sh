#!/usr/bin/env bash
# Everything CI runs: formatting, lints, Rust tests, and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh test

log "checking formatting"
cargo fmt --all -- --check

log "clippy (server side and browser side)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

log "deployment template: cfn-lint and its security properties"
cfn-lint infra/template.yaml
python3 -m unittest discover -s infra/tests -v
log "the systemd unit: sandboxed, graceful stop, data at absolute paths"
python3 -m unittest discover -s deploy/tests -v

log "Rust tests"
cargo test --locked --workspace --exclude server
# Side by side, as cargo runs them; the heavy ones (tests/load: the pages
# under load, the soak, pumping) in a binary of their own, after the rest.
cargo test --locked -p server

log "building the server and the site for the browser tests"
cargo build -p server --locked
scripts/build-site.sh

log "page weight: each page's first load within its budget (bytes of brotli, see BENCHMARKS.md)"
scripts/page-weight-check.sh

log "ministack stage: the template deployed into an independent Cognito, checked, destroyed"
scripts/ministack.sh

log "browser tests (Playwright + Debian chromium)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export E2E_PORT="$(free_port)" E2E_OUTBOX_PORT="$(free_port)" SERVER_BIN="$CARGO_TARGET_DIR/debug/server"
(cd end2end && npx playwright test)

log "the image: built from no base image, and a browser journey against what it holds"
scripts/image-check.sh

log "browser tests, native sign-in (SIGN_IN_FLOW=native: Cognito's own codes, one text for a new user)"
export E2E_PORT="$(free_port)" E2E_OUTBOX_PORT="$(free_port)"
(cd end2end && npx playwright test --config native.config.ts)
