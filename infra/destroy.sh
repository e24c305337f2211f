#!/usr/bin/env bash
# Deletes the stack made by infra/deploy.sh, users and all, after taking its
# SMS protect configuration back from being the account default.
#   infra/destroy.sh [--stack phone-sign-in] [--region eu-west-1]
#                    [--endpoint-url http://127.0.0.1:4566]  (an emulator, as deploy.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
stack=phone-sign-in region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" endpoint=""
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint-url) endpoint="$2"; shift 2 ;;
    --stack) stack="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$region" ] || { echo "--region (or AWS_REGION) is required" >&2; exit 2; }
[ -z "$endpoint" ] || export AWS_ENDPOINT_URL="$endpoint"
tools=(aws) && [ -n "$endpoint" ] || tools+=(sam)
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }; done

# The pool refuses deletion while protected: switch protection off first,
# keeping every other parameter as it is.
protection=$(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
  --query "Stacks[0].Parameters[?ParameterKey=='DeletionProtection'].ParameterValue" --output text)
if [ "$protection" = ACTIVE ]; then
  params=()
  for key in $(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
      --query "Stacks[0].Parameters[].ParameterKey" --output text); do
    if [ "$key" = DeletionProtection ]; then
      params+=("ParameterKey=DeletionProtection,ParameterValue=INACTIVE")
    else
      params+=("ParameterKey=$key,UsePreviousValue=true")
    fi
  done
  aws cloudformation update-stack --region "$region" --stack-name "$stack" --use-previous-template \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameters "${params[@]}"
  aws cloudformation wait stack-update-complete --region "$region" --stack-name "$stack"
fi
# The stack's protect configuration cannot go while it is the account default.
protect=$(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='SmsProtectConfigurationId'].OutputValue" --output text)
if [ -n "$protect" ] && [ "$protect" != None ]; then
  default=$(aws pinpoint-sms-voice-v2 describe-protect-configurations --region "$region" --output json |
    python3 infra/sms_protect.py default "$protect")
  if [ "$default" = ours ]; then
    aws pinpoint-sms-voice-v2 delete-account-default-protect-configuration --region "$region" > /dev/null
    echo "The account has no default SMS protect configuration now: texts may go to any country." >&2
  fi
fi
if [ -n "$endpoint" ]; then
  aws cloudformation delete-stack --region "$region" --stack-name "$stack"
  aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$stack"
  # The packages deploy.sh uploaded for the emulator.
  aws s3 rb "s3://$stack-artifacts" --force --region "$region" > /dev/null
else
  sam delete --stack-name "$stack" --region "$region" --no-prompts
fi
