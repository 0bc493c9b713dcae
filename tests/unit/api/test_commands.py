"""`claimscope serve` without the serve extra prints the install hint (E203) and exits 1."""

from __future__ import annotations

import sys

import pytest

from claimscope.cli import main


@pytest.mark.parametrize("missing", ["fastapi", "uvicorn"])
def test_commands_serve_without_the_extra_prints_the_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # makes `import <missing>` raise ImportError
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "0"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"E203 ConfigError: Missing optional dependency {missing}")
    assert "pip install 'claimscope[serve]'" in err
