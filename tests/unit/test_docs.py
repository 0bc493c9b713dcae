"""Drift tests: the CLI reference and the settings are documented."""

from __future__ import annotations

import subprocess
import sys

from claimscope.config import Settings
from tests.conftest import ROOT


def test_docs_cli_reference_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr


def test_docs_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name, _default, _help in Settings.describe():
        assert f"`{name}`" in readme, f"setting {name} is not documented in docs/settings.md"
