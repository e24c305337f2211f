"""The account's SMS protect configuration, worked out for infra/deploy.sh
and infra/destroy.sh (which call the AWS CLI; this file only decides).

A protect configuration that is the account default is what Amazon SNS and
Cognito honour for every text. The stack creates one; deploy.sh allows the
countries of the stack's SmsCountries, blocks every other country AWS lists,
and makes it the default unless the account already has another one.

  python3 infra/sms_protect.py updates US,GB < rule-set.json > updates.json
      rule-set.json: `aws pinpoint-sms-voice-v2 get-protect-configuration-country-rule-set`
      updates.json:  the --country-rule-set-updates for update-protect-configuration-country-rule-set
  python3 infra/sms_protect.py default <our id> < described.json
      described.json: `aws pinpoint-sms-voice-v2 describe-protect-configurations`
      prints `set` (no default yet), `ours`, or `other:<id>`
"""

import json
import re
import sys

COUNTRY = re.compile(r"^[A-Z]{2}$")


def parse_countries(text):
    """`US,GB` as a list; refuses anything that is not ISO 3166 alpha-2."""
    countries = [c.strip() for c in text.split(",") if c.strip()]
    if not countries:
        raise ValueError("no countries: SmsCountries must list at least one")
    bad = [c for c in countries if not COUNTRY.match(c)]
    if bad:
        raise ValueError(f"not ISO 3166 alpha-2 country codes: {', '.join(bad)}")
    return countries


def rule_updates(rule_set, allowed):
    """ALLOW for each allowed country and BLOCK for every other country in
    AWS's rule set (which lists every country it texts)."""
    known = rule_set.get("CountryRuleSet", {})
    if not known:
        raise ValueError("the rule set lists no countries: is this the SMS rule set?")
    unknown = sorted(set(allowed) - set(known))
    if unknown:
        raise ValueError(f"AWS does not text these countries: {', '.join(unknown)}")
    return {
        country: {"ProtectStatus": "ALLOW" if country in allowed else "BLOCK"}
        for country in sorted(known)
    }


def default_action(described, ours):
    """What to do about the account default, given ours."""
    defaults = [
        c["ProtectConfigurationId"]
        for c in described.get("ProtectConfigurations", [])
        if c.get("AccountDefault")
    ]
    if not defaults:
        return "set"
    if ours in defaults:
        return "ours"
    return f"other:{defaults[0]}"


def main(argv, stdin, stdout):
    if len(argv) == 3 and argv[1] == "updates":
        updates = rule_updates(json.load(stdin), parse_countries(argv[2]))
        json.dump(updates, stdout, sort_keys=True)
        return 0
    if len(argv) == 3 and argv[1] == "default":
        print(default_action(json.load(stdin), argv[2]), file=stdout)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv, sys.stdin, sys.stdout))
    except ValueError as e:
        print(f"sms_protect: {e}", file=sys.stderr)
        sys.exit(1)
