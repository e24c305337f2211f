#!/usr/bin/env bash
# The test command's check of the image: build it (from the debug build),
# then take a browser through sign-up and sign-in against it. Where
# containers can run, the image runs as a container (read-only root, its
# data a volume); here they cannot (crun's setrlimit is refused in this
# sandbox: see README, Deploying), so the server binary, its libraries and
# its site are taken out of the image's filesystem and run with the image's
# own loader and libraries, as the container would run them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/image.sh --debug
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if command -v podman > /dev/null && podman run --rm --rootfs / /bin/true > /dev/null 2>&1; then
  log "podman can run containers here: this check still runs the image's filesystem outside one (running the container itself is not written yet; README, Deploying)"
else
  log "containers cannot run here: checking the image's filesystem, run outside a container"
fi
python3 scripts/oci.py extract target/image/phone-sign-in.oci.tar "$work/image"
root="$work/image/rootfs"
# The image must hold everything the binary needs: run it through the
# image's loader, with the image's libraries only.
# The image's own settings first (LOG_FORMAT=json among them); the test's
# (its port, a fresh store, the embedded pool) where it gives one.
defaults=$(python3 -c 'import json,shlex,sys
for kv in json.load(open(sys.argv[1]))["config"]["Env"]:
    k, v = kv.split("=", 1)
    print(f"export {k}=\"${{{k}:-{v}}}\"")' "$work/image/config.json")
cat > "$work/server" <<RUN
#!/bin/sh
$defaults
export LEPTOS_SITE_ROOT="$root/app/site"
cd "$root/app"
exec "$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/lib/x86_64-linux-gnu" "$root/app/server"
RUN
chmod +x "$work/server"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export E2E_PORT="$(free_port)" E2E_OUTBOX_PORT="$(free_port)" SERVER_BIN="$work/server"
(cd end2end && npx playwright test tests/journey.spec.ts)
