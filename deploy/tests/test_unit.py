"""The systemd unit (deploy/phone-sign-in.service): sandboxed, stops
gracefully, keeps its data at absolute paths in its own state directory.
systemd-analyze verifies it where systemd is installed.

Run: python3 -m unittest discover -s deploy/tests -v
"""

import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

UNIT = pathlib.Path(__file__).resolve().parents[1] / "phone-sign-in.service"


def settings():
    """Section -> key -> every value given (systemd allows repeats)."""
    found, section = {}, None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            found.setdefault(section, {})
            continue
        key, value = line.split("=", 1)
        found[section].setdefault(key, []).append(value)
    return found


class Unit(unittest.TestCase):
    def setUp(self):
        self.s = settings()["Service"]

    def one(self, key):
        (value,) = self.s[key]
        return value

    def test_sandboxed(self):
        for key, value in {
            "DynamicUser": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "PrivateDevices": "yes",
            "NoNewPrivileges": "yes",
            "CapabilityBoundingSet": "",
            "RestrictSUIDSGID": "yes",
            "MemoryDenyWriteExecute": "yes",
        }.items():
            self.assertEqual(self.one(key), value, key)
        self.assertIn("@system-service", self.s["SystemCallFilter"])

    def test_data_at_absolute_paths_in_its_own_state_directory(self):
        state = self.one("StateDirectory")
        env = dict(v.split("=", 1) for v in self.s["Environment"])
        for name in ["SESSION_STORE", "APP_DATABASE"]:
            self.assertRegex(env[name], rf"^sqlite:///var/lib/{re.escape(state)}/[a-z]+\.db$", name)
        self.assertEqual(env["LOG_FORMAT"], "json")
        self.assertEqual(env["LEPTOS_ENV"], "PROD")

    def test_stops_gracefully(self):
        self.assertEqual(self.one("KillSignal"), "SIGTERM")
        # Longer than the server's own grace (SHUTDOWN_GRACE_SECONDS, 30 s).
        self.assertGreater(int(self.one("TimeoutStopSec")), 30)

    @unittest.skipUnless(shutil.which("systemd-analyze"), "no systemd-analyze")
    def test_systemd_accepts_it(self):
        # Against a copy whose ExecStart exists here, so that only the
        # unit's own settings are judged.
        text = UNIT.read_text().replace("ExecStart=/opt/phone-sign-in/server", "ExecStart=/bin/true")
        with tempfile.TemporaryDirectory() as d:
            copy = pathlib.Path(d) / "phone-sign-in-check.service"
            copy.write_text(text)
            result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True)
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if "phone-sign-in-check.service" in line and "EnvironmentFile" not in line
        ]
        self.assertEqual(problems, [], result.stderr)


if __name__ == "__main__":
    unittest.main()
