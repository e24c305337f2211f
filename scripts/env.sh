# Shared settings for the scripts; sourced, not run.
# Builds go to a target dir outside the clone so that fresh clones (CI) reuse
# what earlier builds on this machine compiled.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/phone-sign-in/target}"
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
WASM_BINDGEN_VERSION=0.2.130
CARGO_LEPTOS_VERSION=0.3.10
SITE_NAME=phone-sign-in

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}
