#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the stock tshark with the freshly built exch plugin, or without it.

Wireshark ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder when it
runs as root, so as root tshark is run as an unprivileged user (nobody) with a
private HOME and configuration folder. Everything that user must read (the
plugin, the captures) is copied into a world-readable temporary folder.

WIRESHARK_PLUGIN_DIR replaces the system plugin folder, so the stock plugins
(gryphon, stats_tree, ...) are linked in beside exch.so: the only difference
between the two setups is exch.so itself.

As a command, runs tshark with the plugin on the given arguments:
    python3 tests/exchtest.py -r testdata/sample.pcapng -T fields -e exch.role
"""
import atexit
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(SOURCE_DIR, "testdata")
# third-party captures: ../shared/captures beside the clone, or EXCH_SHARED_CAPTURES
SHARED_CAPTURES = os.environ.get("EXCH_SHARED_CAPTURES",
                                 os.path.join(os.path.dirname(SOURCE_DIR), "shared", "captures"))
NOBODY = 65534


def _wireshark_version():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=True).stdout
    major, minor = re.search(r"TShark \(Wireshark\) (\d+)\.(\d+)", out).groups()
    return f"{major}.{minor}"


def _stock_plugin_dir(version):
    if os.environ.get("EXCH_STOCK_PLUGIN_DIR"):
        return os.environ["EXCH_STOCK_PLUGIN_DIR"]
    found = glob.glob(f"/usr/lib/*/wireshark/plugins/{version}") + glob.glob(
        f"/usr/lib/wireshark/plugins/{version}")
    return found[0] if found else None


def _plugin_path():
    path = os.environ.get("EXCH_PLUGIN", os.path.join(SOURCE_DIR, "build", "plugin", "exch.so"))
    if not os.path.isfile(path):
        raise SystemExit(f"exch.so not found at {path}: build first (cmake --build build)")
    return path


class Sandbox:
    """A world-readable folder holding two plugin folders, a HOME and data files."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="exch-test-")
        atexit.register(shutil.rmtree, self.root, True)
        os.chmod(self.root, 0o755)
        self.version = _wireshark_version()
        self.as_nobody = os.geteuid() == 0
        self.home = self._mkdir("home")
        if self.as_nobody:
            os.chown(self.home, NOBODY, NOBODY)
        self.data = self._mkdir("data")
        self.no_extcap = self._mkdir("extcap")   # tshark starts every extcap tool at start-up: none here
        self.with_plugin = self._plugin_dir("with", _plugin_path())
        self.without_plugin = self._plugin_dir("without", None)
        self._copied = {}

    def _mkdir(self, *parts):
        path = os.path.join(self.root, *parts)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, 0o755)
        return path

    def _plugin_dir(self, name, plugin):
        epan = self._mkdir(name, self.version, "epan")
        stock = _stock_plugin_dir(self.version)
        if stock:
            for so in glob.glob(os.path.join(stock, "epan", "*.so")):
                os.symlink(so, os.path.join(epan, os.path.basename(so)))
            for sub in ("codecs", "wiretap"):
                if os.path.isdir(os.path.join(stock, sub)):
                    os.symlink(os.path.join(stock, sub), os.path.join(self.root, name, self.version, sub))
        if plugin:
            shutil.copy(plugin, os.path.join(epan, "exch.so"))
            os.chmod(os.path.join(epan, "exch.so"), 0o755)
        return os.path.join(self.root, name)

    def readable(self, path):
        """A copy of a data file that the unprivileged user can read."""
        path = os.path.abspath(path)
        if path not in self._copied:
            dest = os.path.join(self.data, f"{len(self._copied)}-{os.path.basename(path)}")
            shutil.copy(path, dest)
            os.chmod(dest, 0o644)
            self._copied[path] = dest
        return self._copied[path]

    def command(self, args, plugin=True, wrapper=(), extra_env=None):
        """The command line that runs tshark (behind wrapper, e.g. valgrind) in the sandbox."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "WIRESHARK_CONFIG_DIR": self.home,
            "WIRESHARK_PLUGIN_DIR": self.with_plugin if plugin else self.without_plugin,
            "WIRESHARK_EXTCAP_DIR": self.no_extcap,
            "LANG": "C.UTF-8",
        }
        env.update({k: v for k, v in os.environ.items()
                    if (k.startswith("WIRESHARK_") and k not in ("WIRESHARK_PLUGIN_DIR", "WIRESHARK_CONFIG_DIR"))
                    or k in ("ASAN_OPTIONS", "UBSAN_OPTIONS")})
        if os.environ.get("EXCH_TSHARK_PRELOAD"):
            env["LD_PRELOAD"] = os.environ["EXCH_TSHARK_PRELOAD"]
        env.update(extra_env or {})
        prefix = []
        if self.as_nobody:
            prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        return prefix + ["env", "-i"] + [f"{k}={v}" for k, v in env.items()] + list(wrapper) + ["tshark"] + list(args)


_sandbox = None


def sandbox():
    global _sandbox
    if _sandbox is None:
        _sandbox = Sandbox()
    return _sandbox


def capture(name):
    """Path of a capture in testdata/."""
    path = os.path.join(TESTDATA, name)
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    return path


def _require_shared():
    if not os.path.isdir(SHARED_CAPTURES):
        if os.environ.get("EXCH_REQUIRE_SHARED"):
            raise AssertionError(f"{SHARED_CAPTURES} is absent and EXCH_REQUIRE_SHARED is set")
        raise unittest.SkipTest(f"{SHARED_CAPTURES} absent: third-party captures are not part of the project")


def shared_captures():
    """Every third-party capture in ../shared/captures (skipped as shared_capture is)."""
    _require_shared()
    found = sorted(glob.glob(os.path.join(SHARED_CAPTURES, "*.pcap*")))
    if not found:
        raise AssertionError(f"no capture in {SHARED_CAPTURES}")
    return found


def seed_entries():
    """The rows of Microsoft's port list in ../shared/seed (skipped as shared_capture is): a list of
    (protocol, port, transport, description), the description's white space normalised."""
    _require_shared()
    found = glob.glob(os.path.join(os.path.dirname(SHARED_CAPTURES), "seed", "*.txt"))
    if len(found) != 1:
        raise AssertionError(f"expected one port list in ../shared/seed, found {found}")
    with open(found[0], encoding="utf-8") as f:
        text = f.read()
    entries = []
    for block in re.split(r"^Protocol: ", text, flags=re.M)[1:]:
        m = re.match(r"(.*)\nPort \(TCP/UDP\): (\d+) \((TCP|UDP)\)\nDescription:(.*)", block, re.S)
        if not m:
            raise AssertionError(f"unreadable entry in the port list: {block[:80]!r}")
        entries.append((m.group(1).strip(), int(m.group(2)), m.group(3).lower(), " ".join(m.group(4).split())))
    return entries


def shared_capture(name):
    """Path of a third-party capture in ../shared/captures. That folder is not part
    of the project: without it the test is skipped (and the suite's summary lists
    it), unless EXCH_REQUIRE_SHARED is set, as CI sets it. A capture missing from
    the folder is an error."""
    _require_shared()
    path = os.path.join(SHARED_CAPTURES, name)
    if not os.path.isfile(path):
        raise AssertionError(f"{path} missing")
    return path


_glossaries = {}


def tshark(args, plugin=True, check_stderr=True):
    """Runs tshark; fails on a non-zero exit or, by default, on any stderr output
    (a plugin that fails to load only warns there). Glossaries (-G) are cached."""
    if args[0] == "-G":
        key = (tuple(args), plugin)
        if key not in _glossaries:
            _glossaries[key] = _run_tshark(args, plugin, check_stderr)
        return _glossaries[key]
    return _run_tshark(args, plugin, check_stderr)


def _run_tshark(args, plugin, check_stderr):
    box = sandbox()
    args = [box.readable(a) if os.path.isfile(a) else a for a in args]
    proc = subprocess.run(box.command(args, plugin), capture_output=True, text=True)
    if proc.returncode != 0 or (check_stderr and proc.stderr):
        raise AssertionError(f"tshark {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def tshark_stderr(args, plugin=True):
    """What tshark writes to stderr (it must still exit 0)."""
    box = sandbox()
    args = [box.readable(a) if os.path.isfile(a) else a for a in args]
    proc = subprocess.run(box.command(args, plugin), capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"tshark {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stderr


def fields(path, names, *extra, plugin=True):
    """One list per frame: the values of the named fields; a field that occurs
    several times gives its values joined by "|"."""
    args = ["-n", "-r", path, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for name in names:
        args += ["-e", name]
    out = tshark(args + list(extra), plugin=plugin)
    # booleans print as 1/0 on 4.0 and as True/False from 4.4
    return [["1" if v == "True" else "0" if v == "False" else v for v in line.split("\t")]
            for line in out.splitlines()]


def glossary(report, plugin=True):
    """The rows of a tshark -G report, split at tabs (later versions add columns)."""
    return [line.split("\t") for line in tshark(["-G", report], plugin=plugin).splitlines()]


def plugin_loaded():
    """True when tshark lists exch.so from the sandbox among its plugins."""
    out = tshark(["-G", "plugins"])
    return any(line.startswith("exch.so") and sandbox().with_plugin in line
               for line in out.splitlines())


class PluginTestCase(unittest.TestCase):
    """Base class: refuses to run tests when the plugin did not load, so that no
    test can pass against the stock tshark."""

    @classmethod
    def setUpClass(cls):
        if not plugin_loaded():
            raise AssertionError("exch.so did not load into tshark")


def main(argv):
    box = sandbox()
    args = [box.readable(a) if os.path.isfile(a) else a for a in argv]
    return subprocess.run(box.command(args)).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
