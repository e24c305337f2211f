#!/usr/bin/env bash
# `make bench`: release builds, then every figure BENCHMARKS.md reports, each
# next to its baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh test
need=()
command -v wrk >/dev/null || need+=(wrk)

if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -c "import boto3" 2>/dev/null || pip_install boto3

measure() {
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(rustc --version)"
echo "date: $(date -u +%Y-%m-%d)"
echo "command: make bench"

log "triggers: per invocation and cold start"
# Held to one CPU: what is timed here is microseconds, which a move between
# CPUs alone can change.
taskset -c 1 cargo bench -p lambdas 2>&1 | grep -E "time:|^cold|^binary|-auth-challenge |pre-sign-up |custom-message "
echo "baseline, same run: the reference guide's Python triggers (bench/reference_triggers.py)"
python3 bench/reference_triggers.py

log "release build (the server, and the site as the test command builds it: scripts/build-site.sh)"
cargo build --release -p server --locked 2>&1 | tail -1
scripts/build-site.sh 2>/dev/null
server="$CARGO_TARGET_DIR/release/server"
tmp=$(mktemp -d)
# start() runs in a command substitution (a subshell), so the servers' pids
# go to a file rather than a variable.
cleanup() { [ -f "$tmp/pids" ] && xargs -r kill < "$tmp/pids" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() { # start NAME HYDRATE -> prints the base URL
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site HYDRATE="$2" RUST_LOG=warn \
    SESSION_STORE="sqlite://$tmp/$1.db" "$server" >"$tmp/$1.log" 2>&1 &
  echo $! >> "$tmp/pids"
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "http://127.0.0.1:$port"
}

log "page weight: first loads, bytes on the wire (scripts/page-weight.py; the test command holds the budgets)"
hydrated=$(start hydrated true)
plain=$(start plain false)
python3 scripts/page-weight.py "$hydrated" /login /login/verify --label "default"
python3 scripts/page-weight.py "$plain" /login /login/verify --label "HYDRATE=false"
echo "  baseline: the reference guide's Amplify auth client alone is 137.6 KB raw / 38.9 KB gzip of JavaScript"

log "SSR throughput: GET /login next to GET /healthz on the same server (wrk, 2 threads, 32 connections, 10 s)"
for path in /healthz /login; do
  wrk -t2 -c32 -d10s --latency "$hydrated$path" > "$tmp/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
  printf '  %-10s %10s req/s   p50 %8s   p99 %8s\n' "$path" "$rps" "$p50" "$p99"
  echo "$rps" > "$tmp/rps$(echo "$path" | tr / _)"
done
python3 -c "
a=float(open('$tmp/rps_login').read()); b=float(open('$tmp/rps_healthz').read())
print(f'  /login runs at {100*a/b:.0f}% of the static ceiling (goal: at least 50%)')"
# A visitor with any cookie gets a page rendered for them (no store read
# without a session cookie): the cost the kept page saves.
wrk -t2 -c32 -d10s --latency -H "Cookie: seen=1" "$hydrated/login" > "$tmp/wrk.txt"
printf '  %-10s %10s req/s   p50 %8s   p99 %8s   (rendered per request: the visitor has a cookie)\n' /login \
  "$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")" "$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")" \
  "$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")"

log "pages under load: whole journeys through every page and form, as a browser without JavaScript (the load test's, against the release binary)"
pages() { cargo bench -p server --bench pages -- --people "${BENCH_PEOPLE:-16}" --seconds "${BENCH_SECONDS:-30}" 2>&1 | sed -n '/^pages under load/,$p'; }
TOKIO_WORKER_THREADS=1 BENCH_SERVER_CPUS=0 pages
TOKIO_WORKER_THREADS=2 pages

log "sign-in journeys (embedded local-cognito)"
cargo bench -p server --bench journeys -- --users "${BENCH_USERS:-8}" --journeys "${BENCH_JOURNEYS:-25}" 2>&1 \
  | sed -n '/^sign-in journeys/,$p'

log "the same journeys with Cognito's own sign-in (SIGN_IN_FLOW=native: USER_AUTH with SMS_OTP)"
BENCH_SIGN_IN_FLOW=native cargo bench -p server --bench journeys -- --users "${BENCH_USERS:-8}" --journeys "${BENCH_JOURNEYS:-25}" 2>&1 \
  | sed -n '/^sign-in journeys/,$p'

if command -v redis-server >/dev/null; then
  log "the same journeys with sessions and limits in Redis (as several servers run)"
  rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >"$tmp/redis.log" 2>&1 &
  rpid=$!
  until redis-cli -p "$rport" ping >/dev/null 2>&1; do :; done
  BENCH_SESSION_STORE="redis://127.0.0.1:$rport" cargo bench -p server --bench journeys -- \
    --users "${BENCH_USERS:-8}" --journeys "${BENCH_JOURNEYS:-25}" 2>&1 | sed -n '/^sign-in journeys/,$p'
  # Each run from an empty Redis: the journeys' numbers start over.
  redis-cli -p "$rport" flushall >/dev/null
  BENCH_SESSION_STORE="redis://127.0.0.1:$rport" TOKIO_WORKER_THREADS=1 BENCH_SERVER_CPUS=0 pages
  redis-cli -p "$rport" flushall >/dev/null
  BENCH_SESSION_STORE="redis://127.0.0.1:$rport" TOKIO_WORKER_THREADS=2 pages
  kill "$rpid"
fi
}

# Everything measure prints also goes into BENCHMARKS.md's results block.
out=$(mktemp)
measure 2>&1 | tee "$out"
# Replace the results block in BENCHMARKS.md with this run.
python3 - "$out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"\x1b\[[0-9;]*m", "", text)
doc = open("BENCHMARKS.md").read()
block = "<!-- results:start -->\n```text\n" + text.strip() + "\n```\n<!-- results:end -->"
doc = re.sub(r"<!-- results:start -->.*<!-- results:end -->", lambda _: block, doc, flags=re.S)
open("BENCHMARKS.md", "w").write(doc)
PY
