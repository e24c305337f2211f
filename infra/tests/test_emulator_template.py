"""infra/emulator_template.py: what an AWS emulator is given instead of
`sam build`'s output, and that skipping a resource never changes the rest."""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

from cfnlint.decode import decode

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))

import emulator_template  # noqa: E402

FUNCTIONS = [
    "PreSignUp",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallenge",
    "PostAuthentication",
]


def load():
    template, problems = decode(str(ROOT / "infra" / "template.yaml"))
    assert not problems, problems
    return template


def code():
    return {name: f"s3://artifacts/{name}.zip" for name in FUNCTIONS}


class EmulatorTemplate(unittest.TestCase):
    def test_each_function_gets_its_package_and_nothing_else_changes(self):
        original = load()
        built = emulator_template.build(load(), code(), [])
        for name in FUNCTIONS:
            self.assertEqual(built["Resources"][name]["Properties"]["CodeUri"], f"s3://artifacts/{name}.zip")
            self.assertNotIn("Metadata", built["Resources"][name])
        self.assertNotIn("CodeUri", built["Globals"]["Function"])
        self.assertEqual(sorted(built["Resources"]), sorted(original["Resources"]))
        self.assertEqual(built["Outputs"], original["Outputs"])
        for name in original["Resources"]:
            if name not in FUNCTIONS:
                self.assertEqual(built["Resources"][name], original["Resources"][name], name)

    def test_a_skipped_resource_takes_only_its_own_outputs(self):
        built = emulator_template.build(load(), code(), ["SmsProtectConfiguration"])
        self.assertNotIn("SmsProtectConfiguration", built["Resources"])
        self.assertNotIn("SmsProtectConfigurationId", built["Outputs"])
        self.assertIn("UserPoolId", built["Outputs"])

    def test_a_resource_others_depend_on_cannot_be_skipped(self):
        with self.assertRaisesRegex(ValueError, "CreateAuthChallenge"):
            emulator_template.build(load(), code(), ["OtpHmacKey"])
        with self.assertRaisesRegex(ValueError, "UserPool"):
            emulator_template.build(load(), code(), ["CreateAuthChallenge"])

    def test_every_function_needs_its_package(self):
        partial = code()
        del partial["VerifyAuthChallenge"]
        with self.assertRaisesRegex(ValueError, "VerifyAuthChallenge"):
            emulator_template.build(load(), partial, [])


class DeployScript(unittest.TestCase):
    def test_skipping_a_resource_is_refused_against_aws(self):
        bin_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, bin_dir)
        os.symlink(shutil.which("dirname"), os.path.join(bin_dir, "dirname"))
        refused = subprocess.run(
            [shutil.which("bash"), str(ROOT / "infra" / "deploy.sh"), "--domain", "example.com",
             "--region", "eu-west-1", "--no-alarm-email", "--skip-resource", "SmsProtectConfiguration"],
            capture_output=True, text=True, env={"PATH": bin_dir},
        )
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("--skip-resource is for an emulator (--endpoint-url) only", refused.stderr)


if __name__ == "__main__":
    unittest.main()
