# Shared settings for the scripts; sourced, not run.
# Builds go to a target dir outside the clone so that fresh clones (CI) reuse
# what earlier builds on this machine compiled.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/phone-sign-in/target}"
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# Where pip puts the command-line tools we install (cargo-lambda, aws,
# cfn-lint), whether or not a version manager's shims know about them yet.
py_scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)
[ -n "$py_scripts" ] && export PATH="$PATH:$py_scripts"
WASM_BINDGEN_VERSION=0.2.130
CARGO_LEPTOS_VERSION=0.3.10
SITE_NAME=phone-sign-in
# ministack (PyPI), the independent Cognito the ministack stage tests against,
# in a virtualenv of its own: it pins a botocore the AWS CLI must not share.
MINISTACK_VERSION=1.5.33
export MINISTACK_VENV="${MINISTACK_VENV:-$HOME/.cache/phone-sign-in/ministack-$MINISTACK_VERSION}"

# pip install that also works where the system Python is marked externally
# managed (Debian's own python3).
pip_install() {
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$@" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --break-system-packages "$@"
}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}
