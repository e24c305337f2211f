#!/usr/bin/env bash
# Sets up what is missing and runs the app with live reload on
# http://127.0.0.1:3000, using the embedded local Cognito unless COGNITO_*
# settings are given.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh dev
# The embedded stand-in's port, where its outbox /_dev/sms is (never on the app's).
export LOCAL_COGNITO_PORT="${LOCAL_COGNITO_PORT:-9229}"
# A manifest from a test or release build would name its hashed files,
# not what watch rebuilds in place.
rm -f target/site/assets.txt
exec cargo leptos watch
