#!/usr/bin/env bash
# Builds the three trigger Lambdas for arm64 and deploys the whole stack.
#   infra/deploy.sh --domain example.com [--stack phone-sign-in] [--region eu-west-1]
#                   [--app-name "Acme"] [--alarm-email ops@example.com] [--deletion-protection INACTIVE]
# Needs AWS credentials, the SAM CLI (pip install aws-sam-cli) and cargo-lambda
# (pip install cargo-lambda, which brings zig for the arm64 cross-build).
set -euo pipefail
cd "$(dirname "$0")/.."

stack=phone-sign-in region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" domain="" app_name="Phone sign-in"
alarm_email="" protection=ACTIVE
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) stack="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --domain) domain="$2"; shift 2 ;;
    --app-name) app_name="$2"; shift 2 ;;
    --alarm-email) alarm_email="$2"; shift 2 ;;
    --deletion-protection) protection="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$domain" ] || { echo "--domain is required (your site's domain, used in the texts)" >&2; exit 2; }
[ -n "$region" ] || { echo "--region (or AWS_REGION) is required" >&2; exit 2; }
for tool in sam aws; do command -v "$tool" >/dev/null || { echo "$tool is needed: see README, Deploying" >&2; exit 2; }; done
cargo lambda --version >/dev/null 2>&1 || { echo "cargo-lambda is needed: pip install cargo-lambda" >&2; exit 2; }

# SAM's cargo-lambda build method is still flagged beta.
export SAM_CLI_BETA_RUST_CARGO_LAMBDA=1
sam build --template-file infra/template.yaml --build-dir .aws-sam/build --beta-features
sam deploy --template-file .aws-sam/build/template.yaml --stack-name "$stack" --region "$region" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --resolve-s3 \
  --no-confirm-changeset --no-fail-on-empty-changeset \
  --parameter-overrides "AppDomain=$domain" "AppName=$app_name" "AlarmEmail=$alarm_email" "DeletionProtection=$protection"

output() {
  aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
parameter() {
  aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Parameters[?ParameterKey=='$1'].ParameterValue" --output text
}
pool=$(output UserPoolId)
client=$(output UserPoolClientId)
# The server shows numbers without an account the same code lifetime and
# attempts as the triggers use, so it must be given the stack's values.
cat <<MSG

Deployed. Run the server with:
  COGNITO_REGION=$region
  COGNITO_USER_POOL_ID=$pool
  COGNITO_CLIENT_ID=$client
  COGNITO_CLIENT_SECRET=\$($(output ClientSecretCommand))
  OTP_TTL_SECONDS=$(parameter CodeTtlSeconds) OTP_MAX_ATTEMPTS=$(parameter MaxAttempts)
  APP_DOMAIN=$domain LEPTOS_ENV=PROD
New accounts start in the SMS sandbox: verify destination numbers, or move
the account out of it, before texts reach everyone.
MSG
