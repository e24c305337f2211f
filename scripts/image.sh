#!/usr/bin/env bash
# `make image`: an OCI image of the server and its site, built from no base
# image (scripts/oci.py), in target/image/phone-sign-in.oci.tar. Load it
# with `podman load -i` (or `skopeo copy oci-archive:...`).
#   --debug   from the debug build the test command has just made (for its
#             check of the image), rather than a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
profile=release
if [ "${1:-}" = "--debug" ]; then
  profile=debug
else
  scripts/release.sh
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Symbols are for a debugger, not a container.
strip -o "$work/server" "$CARGO_TARGET_DIR/$profile/server"
mkdir -p target/image
python3 scripts/oci.py build target/image/phone-sign-in.oci.tar "$work/server" target/site
