# SPDX-License-Identifier: GPL-2.0-or-later
"""The install_personal target copies exch.so into the personal plugin folder of
whoever runs it (HOME when it runs, not when the build was configured), where
tshark, run as that user, loads it."""
import os
import shutil
import subprocess
import tempfile
import unittest

import exchtest


class InstallPersonal(exchtest.PluginTestCase):
    def test_into_the_home_of_the_installing_user(self):
        build = os.path.dirname(os.path.dirname(exchtest._plugin_path()))
        for _ in range(2):                     # two users, one configured build
            home = tempfile.mkdtemp(prefix="exch-home-")
            try:
                env = dict(os.environ, HOME=home)
                subprocess.run(["cmake", "--build", build, "--target", "install_personal"], env=env, check=True,
                               capture_output=True)
                installed = os.path.join(home, ".local", "lib", "wireshark", "plugins",
                                         exchtest.sandbox().version, "epan", "exch.so")
                with open(installed, "rb") as a, open(exchtest._plugin_path(), "rb") as b:
                    self.assertEqual(a.read(), b.read())
                self.assertIn("exch.so", self.personal_plugins(home))
            finally:
                shutil.rmtree(home, ignore_errors=True)

    def personal_plugins(self, home):
        """tshark -G plugins for a user whose HOME is home, without a global plugin folder of the test's."""
        box = exchtest.sandbox()
        user_home = os.path.join(box.root, f"home-{os.path.basename(home)}")
        shutil.copytree(home, user_home)
        for root, dirs, files in os.walk(user_home):
            os.chmod(root, 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)
        cmd = box.command(["-G", "plugins"], plugin=False, extra_env={"HOME": user_home})
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        return [line.split("\t")[0].strip() for line in out.splitlines()
                if user_home in line]


if __name__ == "__main__":
    unittest.main()
