"""infra/sms_protect.py: the country rules and the account default that
deploy.sh and destroy.sh apply, on the AWS CLI's JSON.

Run: python3 -m unittest discover -s infra/tests -v
"""

import io
import json
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import sms_protect  # noqa: E402

# As get-protect-configuration-country-rule-set answers (abridged: AWS lists
# every country it texts).
RULE_SET = {
    "ProtectConfigurationId": "protect-abc",
    "NumberCapability": "SMS",
    "CountryRuleSet": {
        "US": {"ProtectStatus": "ALLOW"},
        "GB": {"ProtectStatus": "ALLOW"},
        "LT": {"ProtectStatus": "ALLOW"},
        "JM": {"ProtectStatus": "MONITOR"},
        "AZ": {"ProtectStatus": "ALLOW"},
    },
}


class CountryRules(unittest.TestCase):
    def test_allowed_countries_stay_and_every_other_is_blocked(self):
        updates = sms_protect.rule_updates(RULE_SET, ["US", "GB"])
        self.assertEqual(
            updates,
            {
                "AZ": {"ProtectStatus": "BLOCK"},
                "GB": {"ProtectStatus": "ALLOW"},
                "JM": {"ProtectStatus": "BLOCK"},
                "LT": {"ProtectStatus": "BLOCK"},
                "US": {"ProtectStatus": "ALLOW"},
            },
        )

    def test_a_country_aws_does_not_list_is_an_error_not_a_silent_allow(self):
        with self.assertRaisesRegex(ValueError, "XK"):
            sms_protect.rule_updates(RULE_SET, ["US", "XK"])

    def test_an_empty_rule_set_is_refused(self):
        with self.assertRaises(ValueError):
            sms_protect.rule_updates({"CountryRuleSet": {}}, ["US"])

    def test_country_lists_are_iso_codes(self):
        self.assertEqual(sms_protect.parse_countries("US, GB ,IE"), ["US", "GB", "IE"])
        for bad in ["", "us", "USA", "US;GB"]:
            with self.assertRaises(ValueError, msg=bad):
                sms_protect.parse_countries(bad)

    def test_the_cli_writes_what_the_aws_cli_reads(self):
        out = io.StringIO()
        code = sms_protect.main(["sms_protect.py", "updates", "US"], io.StringIO(json.dumps(RULE_SET)), out)
        self.assertEqual(code, 0)
        written = json.loads(out.getvalue())
        self.assertEqual(written["US"], {"ProtectStatus": "ALLOW"})
        self.assertEqual({v["ProtectStatus"] for k, v in written.items() if k != "US"}, {"BLOCK"})


class AccountDefault(unittest.TestCase):
    def described(self, *configs):
        return {
            "ProtectConfigurations": [
                {"ProtectConfigurationId": i, "AccountDefault": d} for i, d in configs
            ]
        }

    def test_set_when_the_account_has_none(self):
        self.assertEqual(sms_protect.default_action(self.described(("protect-abc", False)), "protect-abc"), "set")
        self.assertEqual(sms_protect.default_action({}, "protect-abc"), "set")

    def test_ours_already(self):
        self.assertEqual(sms_protect.default_action(self.described(("protect-abc", True)), "protect-abc"), "ours")

    def test_someone_elses_is_never_replaced_silently(self):
        d = self.described(("protect-abc", False), ("protect-theirs", True))
        self.assertEqual(sms_protect.default_action(d, "protect-abc"), "other:protect-theirs")


if __name__ == "__main__":
    unittest.main()
