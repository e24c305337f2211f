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
# The embedded pool's users and signing keys outlive each rebuild (data/ is
# ignored by git): everyone stays signed in, with the same sub. Delete the
# file to start from an empty pool.
export LOCAL_COGNITO_STATE="${LOCAL_COGNITO_STATE:-data/local-cognito.json}"
# A manifest from a test or release build would name its hashed files,
# not what watch rebuilds in place.
rm -f target/site/assets.txt
exec cargo leptos watch
