#!/usr/bin/env bash
# Builds the four trigger Lambdas for arm64, deploys the whole stack, and makes
# the stack's SMS protect configuration (SmsCountries allowed, every other
# country blocked) the account default, which SNS and Cognito honour.
#   infra/deploy.sh --domain example.com --alarm-email ops@example.com
#                   [--stack phone-sign-in] [--region eu-west-1] [--app-name "Acme"]
#                   [--deletion-protection INACTIVE] [--take-sms-default]
#                   [--sms-countries US,GB,IE]   (default: the template's, the server's default)
#                   [--sign-in-flow native]   (default custom; see README, "Two ways to sign in")
#                   [--test-numbers '+442079460123=135790']   (default none; custom flow only;
#                    the server needs the same TEST_NUMBERS and TEST_NUMBERS_ON_REAL_POOL=true)
# --no-alarm-email instead of --alarm-email deploys with nobody told of alarms.
# --take-sms-default replaces an account default protect configuration that
# is not this stack's.
# Needs AWS credentials, the SAM CLI (pip install aws-sam-cli) and cargo-lambda
# (pip install cargo-lambda, which brings zig for the arm64 cross-build).
#
# --endpoint-url http://127.0.0.1:4566 deploys into an AWS emulator instead
# (ministack, LocalStack): the emulator runs the functions on this machine, so
# they are built for it by cargo (not cross-built for arm64), zipped as
# Lambda's `bootstrap`, uploaded to the emulator's S3, and the template gets
# them as `sam build` would give them (infra/emulator_template.py). Needs
# only the AWS CLI and cfn-lint. --skip-resource LogicalId leaves out one
# resource the emulator cannot create (never allowed against AWS itself);
# the SMS protect steps are skipped with it when it is SmsProtectConfiguration.
set -euo pipefail
cd "$(dirname "$0")/.."

stack=phone-sign-in region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" domain="" app_name="Example app"
alarm_email="" no_alarm_email=false protection=ACTIVE take_default=false sms_countries="" flow=custom
test_numbers=""
endpoint="" skip=()
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint-url) endpoint="$2"; shift 2 ;;
    --skip-resource) skip+=("$2"); shift 2 ;;
    --no-alarm-email) no_alarm_email=true; shift ;;
    --take-sms-default) take_default=true; shift ;;
    --sms-countries) sms_countries="$2"; shift 2 ;;
    --sign-in-flow) flow="$2"; shift 2 ;;
    --test-numbers) test_numbers="$2"; shift 2 ;;
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
case "$flow" in custom|native) ;; *) echo "--sign-in-flow is custom or native" >&2; exit 2 ;; esac
if [ ${#skip[@]} -gt 0 ] && [ -z "$endpoint" ]; then
  echo "--skip-resource is for an emulator (--endpoint-url) only: AWS gets the whole template." >&2
  exit 2
fi
# The AWS CLI sends every call to the emulator when this is set.
[ -z "$endpoint" ] || export AWS_ENDPOINT_URL="$endpoint"
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
parameters=("AppDomain=$domain" "AppName=$app_name" "AlarmEmail=$alarm_email" "DeletionProtection=$protection"
  "SignInFlow=$flow"
  ${sms_countries:+"SmsCountries=$sms_countries"} ${test_numbers:+"TestNumbers=$test_numbers"})
[ -z "$test_numbers" ] || loud "TEST NUMBERS: ${test_numbers%=*} sign in with a fixed code, never texted." \
  "Anyone who knows one and its code can sign in to its account."
if [ -n "$endpoint" ]; then tools=(aws); else tools=(sam aws); fi
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || { echo "$tool is needed: see README, Deploying" >&2; exit 2; }; done
[ -n "$endpoint" ] || cargo lambda --version >/dev/null 2>&1 ||
  { echo "cargo-lambda is needed: pip install cargo-lambda" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$endpoint" ]; then
  cargo build --locked -p lambdas --bins
  bins="${CARGO_TARGET_DIR:-target}/debug"
  bucket="$stack-artifacts"
  aws s3 mb "s3://$bucket" --region "$region" > /dev/null 2>&1 || true
  code=()
  for pair in PreSignUp=pre-sign-up CustomMessage=custom-message DefineAuthChallenge=define-auth-challenge \
              CreateAuthChallenge=create-auth-challenge VerifyAuthChallenge=verify-auth-challenge \
              PostAuthentication=post-authentication; do
    function="${pair%%=*}" binary="${pair#*=}"
    python3 - "$bins/$binary" "$work/$binary.zip" <<'ZIP'
import sys, zipfile
info = zipfile.ZipInfo("bootstrap")
info.external_attr = 0o755 << 16  # Lambda runs it: executable
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(sys.argv[2], "w") as z, open(sys.argv[1], "rb") as f:
    z.writestr(info, f.read())
ZIP
    aws s3 cp --region "$region" --quiet "$work/$binary.zip" "s3://$bucket/$binary.zip"
    code+=(--code "$function=s3://$bucket/$binary.zip")
  done
  skips=()
  for id in ${skip[@]+"${skip[@]}"}; do
    skips+=(--skip "$id")
    loud "NOT DEPLOYED: $id, which the emulator at $endpoint cannot create."
  done
  python3 infra/emulator_template.py infra/template.yaml "${code[@]}" ${skips[@]+"${skips[@]}"} > "$work/template.json"
  aws cloudformation deploy --template-file "$work/template.json" --stack-name "$stack" --region "$region" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
    --parameter-overrides "${parameters[@]}"
else
  # SAM's cargo-lambda build method is still flagged beta.
  export SAM_CLI_BETA_RUST_CARGO_LAMBDA=1
  sam build --template-file infra/template.yaml --build-dir .aws-sam/build --beta-features
  sam deploy --template-file .aws-sam/build/template.yaml --stack-name "$stack" --region "$region" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --resolve-s3 \
    --no-confirm-changeset --no-fail-on-empty-changeset \
    --parameter-overrides "${parameters[@]}"
fi

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
if [ -z "$protect" ] || [ "$protect" = None ]; then
  [ -n "$endpoint" ] || { echo "the stack has no SmsProtectConfigurationId output" >&2; exit 1; }
  loud "No SMS protect configuration in this stack (skipped for the emulator):" \
    "nothing but the triggers keeps texts to $countries."
else
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
fi
spend=$(aws sns get-sms-attributes --region "$region" --attributes MonthlySpendLimit \
  --query attributes.MonthlySpendLimit --output text 2>/dev/null || echo unknown)
# The server shows numbers without an account the same code lifetime and
# attempts as the triggers use, so it must be given the stack's values.
cat <<MSG

Deployed. Run the server with:
  COGNITO_REGION=$region
  COGNITO_USER_POOL_ID=$pool
  COGNITO_CLIENT_ID=$client
  COGNITO_CLIENT_SECRET=\$($(output ClientSecretCommand))${endpoint:+
  COGNITO_ENDPOINT=$endpoint}
  SIGN_IN_FLOW=$(output SignInFlow)
  OTP_TTL_SECONDS=$(parameter CodeTtlSeconds) OTP_MAX_ATTEMPTS=$(parameter MaxAttempts)
  APP_DOMAIN=$domain LEPTOS_ENV=PROD SMS_COUNTRIES=$countries
Texts may go to: $countries (SMS protect configuration $protect).
The account's SNS monthly SMS spend limit is \$$spend: SNS stops texting past it.
New accounts start in the SMS sandbox: verify destination numbers, or move
the account out of it, before texts reach everyone (README, Deploying).
MSG
no_one_told
