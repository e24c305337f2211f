#!/usr/bin/env bash
# The page-weight budgets (issue 16): the first load of each page, HTML, CSS,
# JavaScript and wasm, in bytes of brotli as the server sends them. Sizes,
# not times: the check fails only when a page grew. Needs the server built
# (cargo build -p server) and the site (scripts/build-site.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
server="${SERVER_BIN:-$CARGO_TARGET_DIR/debug/server}"
tmp=$(mktemp -d)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(port) cognito_port=$(port)
LEPTOS_SITE_ADDR="127.0.0.1:$app_port" LOCAL_COGNITO_PORT="$cognito_port" LEPTOS_SITE_ROOT=target/site \
  SESSION_STORE="sqlite://$tmp/s.db" RUST_LOG=warn "$server" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$app_port/healthz" >/dev/null && break; sleep 0.1; done
# The guide's auth library alone is 38.9 KB gzip: a sign-in page must weigh
# less; the code page, with its countdowns, WebOTP and proof step, 60 KB.
python3 scripts/page-weight.py "http://127.0.0.1:$app_port" / \
  --budget /login=39000 --budget /signup=39000 \
  --budget /login/verify=60000 --budget /signup/confirm=60000
