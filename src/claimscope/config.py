"""Settings: one frozen dataclass; each field has a default and a help string.

Values come from (lowest first) the defaults, ``claimscope.toml`` in the working directory,
``CLAIMSCOPE_<NAME>`` environment variables, and explicit keyword arguments.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from claimscope.errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    timeout: float = _setting(20.0, "Seconds before a URL fetch gives up (connect and read).")
    max_bytes: int = _setting(20_000_000, "Largest page or file accepted, in bytes.")
    max_redirects: int = _setting(5, "Most redirects followed when fetching a URL.")
    allow_private: bool = _setting(False, "Allow URLs that resolve to private, loopback or link-local addresses.")
    user_agent: str = _setting(
        "claimscope/{version} (+https://github.com/claimscope/claimscope; article analysis for fact-checkers)",
        "User-Agent header sent when fetching URLs.",
    )
    data_dir: str = _setting("../shared/data", "Folder of public evaluation data (CLAIMSCOPE_DATA).")
    kb: str = _setting("", "SQLite knowledge base built by `claimscope kb import` (CLAIMSCOPE_KB).")
    analyzers: tuple[str, ...] = _setting((), "Analyzers to run, in order; empty means the default pipeline.")

    @classmethod
    def load(cls, *, path: str | Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        toml_path = Path(path) if path else Path("claimscope.toml")
        if toml_path.is_file():
            with toml_path.open("rb") as fh:
                values.update(tomllib.load(fh).get("claimscope", {}))
        env = os.environ if env is None else env
        aliases = {"data_dir": "CLAIMSCOPE_DATA"}
        for f in fields(cls):
            key = aliases.get(f.name, f"CLAIMSCOPE_{f.name.upper()}")
            if key in env:
                values[f.name] = env[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls()._with(values)

    def _with(self, values: dict[str, Any]) -> Settings:
        known = {f.name: f for f in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if name not in known:
                raise ConfigError("E201", name=name, value=value, detail="unknown setting")
            default = known[name].default
            clean[name] = _coerce(name, value, type(default) if default is not MISSING else str)
        return replace(self, **clean)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        return [(f.name, f.default, f.metadata.get("help", "")) for f in fields(cls)]


def _coerce(name: str, value: Any, kind: type) -> Any:
    if isinstance(value, kind):
        return value
    try:
        if kind is bool:
            text = str(value).strip().lower()
            if text not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError("expected true or false")
            return text in {"1", "true", "yes", "on"}
        if kind is tuple:
            items = value if isinstance(value, list | tuple) else str(value).split(",")
            return tuple(str(i).strip() for i in items if str(i).strip())
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError("E201", name=name, value=value, detail=str(exc)) from None
