"""Security properties of infra/template.yaml, checked on the parsed template.

Run: python3 -m unittest discover -s infra/tests -v   (needs cfn-lint, for its
CloudFormation YAML reader that understands !Ref, !GetAtt and friends).
"""

import json
import pathlib
import re
import unittest

from cfnlint.decode import decode

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "template.yaml"


def load():
    template, problems = decode(str(TEMPLATE))
    if problems:
        raise AssertionError(f"template does not parse: {problems}")
    return template


def of_type(template, kind):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def statements(role):
    for policy in role["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            yield statement


def as_list(value):
    return value if isinstance(value, list) else [value]


class TemplateSecurity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t = load()
        cls.text = json.dumps(cls.t, default=str)

    def test_no_sns_wildcards_or_managed_full_access(self):
        for name, role in of_type(self.t, "AWS::IAM::Role").items():
            for arn in role["Properties"].get("ManagedPolicyArns", []):
                self.assertNotIn("FullAccess", str(arn), name)
            for s in statements(role):
                actions = as_list(s["Action"])
                self.assertFalse(any(a in ("*", "sns:*") or a.endswith(":*") for a in actions), (name, actions))
                if "sns:Publish" in actions:
                    # Texts only: every topic ARN is excluded.
                    self.assertEqual(s.get("NotResource"), "arn:aws:sns:*:*:*", name)
                    self.assertNotIn("Resource", s, name)
        self.assertNotIn("AmazonSNSFullAccess", self.text)

    def test_no_wildcard_principals(self):
        for name, role in of_type(self.t, "AWS::IAM::Role").items():
            for s in role["Properties"]["AssumeRolePolicyDocument"]["Statement"]:
                principal = s["Principal"]
                self.assertNotEqual(principal, "*", name)
                self.assertIn("Service", principal, name)
        for name, permission in of_type(self.t, "AWS::Lambda::Permission").items():
            props = permission["Properties"]
            self.assertEqual(props["Principal"], "cognito-idp.amazonaws.com", name)
            self.assertEqual(props["SourceArn"], {"Fn::GetAtt": ["UserPool", "Arn"]}, name)

    def test_cognito_sms_role_is_bound_by_external_id_and_source(self):
        role = self.t["Resources"]["CognitoSmsRole"]["Properties"]
        conditions = role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
        external_id = conditions["StringEquals"]["sts:ExternalId"]
        sms = self.t["Resources"]["UserPool"]["Properties"]["SmsConfiguration"]
        self.assertEqual(sms["ExternalId"], external_id)
        # Generated with the stack (its UUID), not guessable from its name.
        self.assertNotIn("AWS::StackName", json.dumps(external_id))
        self.assertIn("AWS::StackId", json.dumps(external_id))
        self.assertEqual(conditions["StringEquals"]["aws:SourceAccount"], {"Ref": "AWS::AccountId"})
        source = json.dumps(conditions["ArnLike"]["aws:SourceArn"])
        self.assertIn(":cognito-idp:", source)
        self.assertIn(":userpool/", source)

    def test_every_function_has_its_own_role_and_a_5s_timeout(self):
        functions = of_type(self.t, "AWS::Serverless::Function")
        self.assertEqual(len(functions), 6)
        roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()]
        self.assertEqual(len(set(roles)), 6, roles)
        globals_ = self.t["Globals"]["Function"]
        self.assertEqual(globals_["Timeout"], 5)
        self.assertEqual(globals_["Runtime"], "provided.al2023")
        self.assertEqual(globals_["Architectures"], ["arm64"])
        self.assertEqual(globals_["Handler"], "bootstrap")
        for name, f in functions.items():
            self.assertEqual(f["Metadata"]["BuildMethod"], "rust-cargolambda", name)
            self.assertIn("LogGroup", f["Properties"]["LoggingConfig"], name)
        for name, group in of_type(self.t, "AWS::Logs::LogGroup").items():
            self.assertIn("RetentionInDays", group["Properties"], name)

    def test_only_create_and_verify_read_the_hmac_key(self):
        readers = set()
        for name, role in of_type(self.t, "AWS::IAM::Role").items():
            for s in statements(role):
                if "secretsmanager:GetSecretValue" in as_list(s["Action"]):
                    self.assertEqual(s["Resource"], {"Ref": "OtpHmacKey"}, name)
                    readers.add(name)
        self.assertEqual(readers, {"CreateAuthChallengeRole", "VerifyAuthChallengeRole"})
        generated = self.t["Resources"]["OtpHmacKey"]["Properties"]["GenerateSecretString"]
        self.assertGreaterEqual(generated["PasswordLength"], 64)
        # The key is fetched at run time, never placed in the configuration.
        self.assertNotIn("OTP_HMAC_KEY\"", self.text)

    def test_the_sms_countries_are_the_servers_default_and_reach_both_triggers(self):
        source = (ROOT / "domain" / "src" / "sms_policy.rs").read_text()
        block = re.search(r"DEFAULT_SMS_COUNTRIES: &\[&str\] = &\[(.*?)\];", source, re.S).group(1)
        rust_default = re.findall(r'"([A-Z]{2})"', block)
        self.assertEqual(self.t["Parameters"]["SmsCountries"]["Default"].split(","), rust_default)
        for name in ["PreSignUp", "CreateAuthChallenge"]:
            env = self.t["Resources"][name]["Properties"]["Environment"]["Variables"]
            self.assertEqual(env["SMS_COUNTRIES"], {"Ref": "SmsCountries"}, name)

    def test_app_client_is_confidential_and_narrow(self):
        client = self.t["Resources"]["UserPoolClient"]["Properties"]
        self.assertIs(client["GenerateSecret"], True)
        condition, native, custom = client["ExplicitAuthFlows"]["Fn::If"]
        self.assertEqual(condition, "IsNative")
        self.assertEqual(sorted(custom), ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        self.assertEqual(sorted(native), ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"])
        self.assertEqual(client["PreventUserExistenceErrors"], "ENABLED")
        self.assertIs(client["EnableTokenRevocation"], True)
        self.assertEqual(client["AuthSessionValidity"], 3)
        # The number is writable only because the pool verifies it first.
        self.assertEqual(sorted(client["WriteAttributes"]), ["locale", "name", "phone_number"])

    def test_test_numbers_reach_the_triggers_that_need_them_in_the_custom_flow_only(self):
        param = self.t["Parameters"]["TestNumbers"]
        self.assertEqual(param["Default"], "", "none unless named")
        pattern = re.compile(param["AllowedPattern"])
        self.assertTrue(pattern.match("+1???55501??=424242"))
        self.assertTrue(pattern.match("+442079460123,+14155550100=135790"))
        self.assertFalse(pattern.match("+14155550100"), "a code is needed")
        self.assertFalse(pattern.match("+14155550100=4242"))
        for name in ["PreSignUp", "CreateAuthChallenge"]:
            env = self.t["Resources"][name]["Properties"]["Environment"]["Variables"]
            self.assertEqual(env["TEST_NUMBERS"], {"Ref": "TestNumbers"}, name)
        for name in ["DefineAuthChallenge", "VerifyAuthChallenge", "CustomMessage"]:
            env = self.t["Resources"][name]["Properties"].get("Environment", {}).get("Variables", {})
            self.assertNotIn("TEST_NUMBERS", env, name)
        rule = self.t["Rules"]["TestNumbersNeedTheCustomFlow"]
        self.assertEqual(rule["RuleCondition"], {"Fn::Equals": [{"Ref": "SignInFlow"}, "native"]})
        self.assertEqual(rule["Assertions"][0]["Assert"], {"Fn::Equals": [{"Ref": "TestNumbers"}, ""]})

    def test_a_new_number_replaces_the_old_only_once_verified(self):
        pool = self.t["Resources"]["UserPool"]["Properties"]
        self.assertEqual(
            pool["UserAttributeUpdateSettings"]["AttributesRequireVerificationBeforeUpdate"], ["phone_number"]
        )

    def test_pool_matches_the_reference_guide(self):
        pool = self.t["Resources"]["UserPool"]["Properties"]
        self.assertEqual(pool["UsernameAttributes"], ["phone_number"])
        self.assertEqual(pool["AutoVerifiedAttributes"], ["phone_number"])
        self.assertIs(pool["UsernameConfiguration"]["CaseSensitive"], False)
        schema = {a["Name"]: a for a in pool["Schema"]}
        self.assertIs(schema["phone_number"]["Required"], True)
        self.assertIs(schema["name"]["Required"], False)
        self.assertEqual(
            set(pool["LambdaConfig"]),
            {
                "PreSignUp",
                "CustomMessage",
                "DefineAuthChallenge",
                "CreateAuthChallenge",
                "VerifyAuthChallengeResponse",
                "PostAuthentication",
            },
        )
        self.assertEqual(self.t["Parameters"]["DeletionProtection"]["AllowedValues"], ["ACTIVE", "INACTIVE"])

    def test_one_parameter_chooses_the_flow(self):
        self.assertEqual(self.t["Parameters"]["SignInFlow"]["AllowedValues"], ["custom", "native"])
        self.assertEqual(self.t["Parameters"]["SignInFlow"]["Default"], "custom")
        resources = self.t["Resources"]
        # The challenge triggers, their roles, logs, permissions and key
        # exist only for the custom flow; the country policy's PreSignUp in both.
        challenge = [n for n in resources if re.search(r"AuthChallenge|OtpHmacKey|PostAuthentication", n)]
        self.assertEqual(len(challenge), 18, challenge)
        for name in challenge:
            self.assertEqual(resources[name].get("Condition"), "IsCustom", name)
        for name in [
            "PreSignUp", "PreSignUpRole", "PreSignUpLogs", "PreSignUpInvoke",
            "CustomMessage", "CustomMessageRole", "CustomMessageLogs", "CustomMessageInvoke",
            "UserPool", "UserPoolClient",
        ]:
            self.assertNotIn("Condition", resources[name], name)
        pool = resources["UserPool"]["Properties"]
        self.assertEqual(pool["UserPoolTier"]["Fn::If"], ["IsNative", "ESSENTIALS", "LITE"])
        condition, native, custom = pool["Policies"]["Fn::If"]
        self.assertEqual(condition, "IsNative")
        self.assertEqual(native["SignInPolicy"]["AllowedFirstAuthFactors"], ["PASSWORD", "SMS_OTP"])
        self.assertEqual(custom, {"Ref": "AWS::NoValue"})
        for trigger in ["DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse", "PostAuthentication"]:
            self.assertEqual(pool["LambdaConfig"][trigger]["Fn::If"][0], "IsCustom", trigger)
        # Cognito's own sign-in text carries the same origin-bound last line.
        self.assertIn("@${AppDomain} #{####}", pool["SmsAuthenticationMessage"]["Fn::Sub"])
        # And how long the code lives: the client's auth session.
        minutes = resources["UserPoolClient"]["Properties"]["AuthSessionValidity"]
        self.assertIn(f"It expires in {minutes} minutes.", pool["SmsAuthenticationMessage"]["Fn::Sub"])

    def test_the_custom_flow_confirms_at_sign_in_and_marks_the_number_then(self):
        resources = self.t["Resources"]
        env = resources["PreSignUp"]["Properties"]["Environment"]["Variables"]
        self.assertEqual(env["CONFIRM_AT_SIGN_IN"], {"Fn::If": ["IsCustom", "true", "false"]})
        # PostAuthentication may mark numbers verified in this pool, and
        # nothing else anywhere.
        policy = resources["PostAuthenticationVerifies"]["Properties"]
        self.assertEqual(policy["Roles"], [{"Ref": "PostAuthenticationRole"}])
        (statement,) = policy["PolicyDocument"]["Statement"]
        self.assertEqual(as_list(statement["Action"]), ["cognito-idp:AdminUpdateUserAttributes"])
        self.assertEqual(statement["Resource"], {"Fn::GetAtt": ["UserPool", "Arn"]})
        others = [
            (name, p)
            for name, p in of_type(self.t, "AWS::IAM::Policy").items()
            if name != "PostAuthenticationVerifies"
        ]
        self.assertEqual(others, [])
        for name, role in of_type(self.t, "AWS::IAM::Role").items():
            for s in statements(role):
                self.assertFalse(any(a.startswith("cognito-idp:") for a in as_list(s["Action"])), name)

    def test_alarms_and_outputs(self):
        metrics = {a["Properties"]["MetricName"] for a in of_type(self.t, "AWS::CloudWatch::Alarm").values()}
        self.assertEqual(metrics, {"SMSMonthToDateSpentUSD", "SMSSuccessRate"})
        self.assertEqual(
            set(self.t["Outputs"]),
            {"Region", "SignInFlow", "UserPoolId", "UserPoolClientId", "ClientSecretCommand", "SmsProtectConfigurationId"},
        )

    def test_the_stack_owns_a_protect_configuration_the_scripts_make_the_default(self):
        (name, protect), = of_type(self.t, "AWS::SMSVOICE::ProtectConfiguration").items()
        rules = protect["Properties"]["CountryRuleSet"]["SMS"]
        # Only allows here (the blocks need the complement: deploy.sh).
        self.assertTrue(all(r["ProtectStatus"] == "ALLOW" for r in rules))
        self.assertIn("SmsCountries", json.dumps(rules))
        # The stack can delete it once destroy.sh has unset the default.
        self.assertIs(protect["Properties"]["DeletionProtectionEnabled"], False)
        deploy = (ROOT / "infra" / "deploy.sh").read_text()
        destroy = (ROOT / "infra" / "destroy.sh").read_text()
        for step in [
            "get-protect-configuration-country-rule-set",
            "update-protect-configuration-country-rule-set",
            "set-account-default-protect-configuration",
        ]:
            self.assertIn(step, deploy)
        self.assertIn("delete-account-default-protect-configuration", destroy)
        self.assertLess(destroy.index("delete-account-default-protect-configuration"), destroy.index("sam delete"))

    def test_deploying_without_anyone_to_alarm_is_a_choice_said_out_loud(self):
        import os
        import shutil
        import subprocess
        import tempfile

        # A PATH with nothing but dirname: never sam or aws, so the script
        # stops before it could deploy anything.
        bin_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, bin_dir)
        os.symlink(shutil.which("dirname"), os.path.join(bin_dir, "dirname"))

        def deploy(*args):
            script = str(ROOT / "infra" / "deploy.sh")
            return subprocess.run(
                [shutil.which("bash"), script, "--domain", "example.com", "--region", "eu-west-1", *args],
                capture_output=True,
                text=True,
                env={"PATH": bin_dir},
            )

        refused = deploy()
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("--alarm-email is required", refused.stderr)
        self.assertIn("--no-alarm-email", refused.stderr)
        chosen = deploy("--no-alarm-email")
        self.assertIn("NOBODY WILL BE TOLD", chosen.stderr)
        self.assertIn("sam is needed", chosen.stderr)
        told = deploy("--alarm-email", "ops@example.com")
        self.assertNotIn("NOBODY WILL BE TOLD", told.stderr)
        self.assertIn("sam is needed", told.stderr)


if __name__ == "__main__":
    unittest.main()
