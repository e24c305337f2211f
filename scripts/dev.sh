#!/usr/bin/env bash
# Sets up what is missing and runs the app with live reload on
# http://127.0.0.1:3000, using the embedded local Cognito unless COGNITO_*
# settings are given.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh dev
exec cargo leptos watch
