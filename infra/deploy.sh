#!/usr/bin/env bash
# Builds the four trigger Lambdas for arm64, deploys the whole stack, and makes
# the stack's SMS protect configuration (SmsCountries allowed, every other
# country blocked) the account default, which SNS and Cognito honour.
#   infra/deploy.sh --domain example.com --alarm-email ops@example.com
#                   [--stack phone-sign-in] [--region eu-west-1] [--app-name "Acme"]
#                   [--deletion-protection INACTIVE] [--take-sms-default]
#                   [--sms-countries US,GB,IE]   (default: the template's, the server's default)
# --no-alarm-email instead of --alarm-email deploys with nobody told of alarms.
# --take-sms-default replaces an account default protect configuration that
# is not this stack's.
# Needs AWS credentials, the SAM CLI (pip install aws-sam-cli) and cargo-lambda
# (pip install cargo-lambda, which brings zig for the arm64 cross-build).
set -euo pipefail
cd "$(dirname "$0")/.."

stack=phone-sign-in region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" domain="" app_name="Phone sign-in"
alarm_email="" no_alarm_email=false protection=ACTIVE take_default=false sms_countries=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-alarm-email) no_alarm_email=true; shift ;;
    --take-sms-default) take_default=true; shift ;;
    --sms-countries) sms_countries="$2"; shift 2 ;;
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
loud() {
  printf '\n%s\n' "################################################################" >&2
  printf '#  %s\n' "$@" >&2
  printf '%s\n\n' "################################################################" >&2
}
if [ -z "$alarm_email" ] && [ "$no_alarm_email" = false ]; then
  echo "--alarm-email is required: the SMS spend and delivery alarms mail it." >&2
  echo "(To deploy with nobody told, say so: --no-alarm-email.)" >&2
  exit 2
fi
no_one_told() {
  [ -n "$alarm_email" ] || loud "NOBODY WILL BE TOLD when SMS spend passes its alarm or texts stop" \
    "being delivered: deployed with --no-alarm-email. Redeploy with" \
    "--alarm-email you@example.com to be told."
}
no_one_told
for tool in sam aws; do command -v "$tool" >/dev/null || { echo "$tool is needed: see README, Deploying" >&2; exit 2; }; done
cargo lambda --version >/dev/null 2>&1 || { echo "cargo-lambda is needed: pip install cargo-lambda" >&2; exit 2; }

# SAM's cargo-lambda build method is still flagged beta.
export SAM_CLI_BETA_RUST_CARGO_LAMBDA=1
sam build --template-file infra/template.yaml --build-dir .aws-sam/build --beta-features
sam deploy --template-file .aws-sam/build/template.yaml --stack-name "$stack" --region "$region" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --resolve-s3 \
  --no-confirm-changeset --no-fail-on-empty-changeset \
  --parameter-overrides "AppDomain=$domain" "AppName=$app_name" "AlarmEmail=$alarm_email" "DeletionProtection=$protection" \
  ${sms_countries:+"SmsCountries=$sms_countries"}

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

# The account's SMS protect configuration: allow SmsCountries, block every
# other country AWS lists, and make it the default (infra/sms_protect.py decides).
countries=$(parameter SmsCountries)
protect=$(output SmsProtectConfigurationId)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
aws pinpoint-sms-voice-v2 get-protect-configuration-country-rule-set --region "$region" \
  --protect-configuration-id "$protect" --number-capability SMS --output json > "$work/rules.json"
python3 infra/sms_protect.py updates "$countries" < "$work/rules.json" > "$work/updates.json"
aws pinpoint-sms-voice-v2 update-protect-configuration-country-rule-set --region "$region" \
  --protect-configuration-id "$protect" --number-capability SMS \
  --country-rule-set-updates "file://$work/updates.json" > /dev/null
default=$(aws pinpoint-sms-voice-v2 describe-protect-configurations --region "$region" --output json |
  python3 infra/sms_protect.py default "$protect")
case "$default" in
  set) aws pinpoint-sms-voice-v2 set-account-default-protect-configuration --region "$region" \
         --protect-configuration-id "$protect" > /dev/null ;;
  ours) ;;
  other:*)
    if [ "$take_default" = true ]; then
      aws pinpoint-sms-voice-v2 set-account-default-protect-configuration --region "$region" \
        --protect-configuration-id "$protect" > /dev/null
    else
      loud "The account already has a default SMS protect configuration (${default#other:})," \
        "so this stack's ($protect: only $countries allowed) is NOT in force." \
        "Block the other countries in yours, or rerun with --take-sms-default."
    fi ;;
esac
spend=$(aws sns get-sms-attributes --region "$region" --attributes MonthlySpendLimit \
  --query attributes.MonthlySpendLimit --output text 2>/dev/null || echo unknown)
# The server shows numbers without an account the same code lifetime and
# attempts as the triggers use, so it must be given the stack's values.
cat <<MSG

Deployed. Run the server with:
  COGNITO_REGION=$region
  COGNITO_USER_POOL_ID=$pool
  COGNITO_CLIENT_ID=$client
  COGNITO_CLIENT_SECRET=\$($(output ClientSecretCommand))
  OTP_TTL_SECONDS=$(parameter CodeTtlSeconds) OTP_MAX_ATTEMPTS=$(parameter MaxAttempts)
  APP_DOMAIN=$domain LEPTOS_ENV=PROD SMS_COUNTRIES=$countries
Texts may go to: $countries (SMS protect configuration $protect).
The account's SNS monthly SMS spend limit is \$$spend: SNS stops texting past it.
New accounts start in the SMS sandbox: verify destination numbers, or move
the account out of it, before texts reach everyone (README, Deploying).
MSG
no_one_told
