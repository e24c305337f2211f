#!/usr/bin/env bash
# Installs what is missing, from the package registries only (nothing is
# downloaded as a prebuilt binary). Usage: setup.sh dev|test
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
mode="${1:-dev}"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
  # Not --locked: its lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$mode" = dev ] && ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION without downloads (about 14 minutes, once)"
  # 0.3.11 needs a newer rustc than 1.95; 0.3.10 is the same code for our use.
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if [ "$mode" = test ]; then
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium for the browser tests"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing Debian's redis-server (the shared store in the several-servers and fault tests)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  if ! cargo lambda --version >/dev/null 2>&1; then
    log "installing cargo-lambda from PyPI (the Lambda Runtime API emulator for the trigger tests)"
    pip_install cargo-lambda==1.9.2
  fi
  if ! command -v cfn-lint >/dev/null 2>&1; then
    log "installing cfn-lint from PyPI (checks the deployment template)"
    pip_install cfn-lint
  fi
  if ! command -v aws >/dev/null 2>&1; then
    log "installing the AWS CLI from PyPI (a second Cognito client for local-cognito's tests)"
    pip_install awscli
  fi
  if [ ! -f "$MINISTACK_VENV/installed" ]; then
    log "installing ministack $MINISTACK_VERSION from PyPI (an independent Cognito, for the ministack stage)"
    rm -rf "$MINISTACK_VENV" && python3 -m venv "$MINISTACK_VENV"
    # cryptography: a 2048-bit key per pool (without it every pool signs with
    # one shared 1024-bit key); aws-sam-translator: CloudFormation's SAM
    # transform; botocore and boto3 at the versions ministack pins.
    "$MINISTACK_VENV/bin/pip" install --quiet --disable-pip-version-check \
      "ministack==$MINISTACK_VERSION" cryptography==50.0.2 aws-sam-translator==1.115.0 \
      botocore==1.43.106 boto3==1.43.106
    touch "$MINISTACK_VENV/installed"
  fi
fi

# npm's binaryen gives the wasm-opt that release builds need (Debian's is too old).
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "installing npm packages: binaryen (wasm-opt for release builds), Playwright without browsers"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
