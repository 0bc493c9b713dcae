from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.config import Settings
from claimscope.errors import ConfigError


def test_config_defaults_are_safe() -> None:
    settings = Settings.load(env={}, path="/nonexistent.toml")
    assert settings.allow_private is False
    assert settings.max_redirects == 5


def test_config_reads_env_and_toml(tmp_path: Path) -> None:
    toml = tmp_path / "claimscope.toml"
    toml.write_text("[claimscope]\ntimeout = 3.5\nanalyzers = ['entities.v1']\n")
    settings = Settings.load(path=toml, env={"CLAIMSCOPE_ALLOW_PRIVATE": "yes", "CLAIMSCOPE_DATA": "/d"})
    assert settings.timeout == 3.5
    assert settings.analyzers == ("entities.v1",)
    assert settings.allow_private is True
    assert settings.data_dir == "/d"


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.load(env={"CLAIMSCOPE_MAX_BYTES": "lots"}, path="/nonexistent.toml")
    assert info.value.code == "E201"


def test_config_every_setting_has_help() -> None:
    assert all(help_text for _, _, help_text in Settings.describe())
