"""Snapshot of the registry: added or lost analyzers show up in review."""

from __future__ import annotations

import json

from claimscope import registry
from claimscope.analyzers import BUILTIN
from tests.conftest import ROOT


def test_registry_matches_the_snapshot() -> None:
    snapshot = json.loads((ROOT / "tests" / "unit" / "registry_snapshot.json").read_text(encoding="utf-8"))
    assert registry.describe() == snapshot


def test_registry_builtins_declare_their_registered_name() -> None:
    for name, _ref in BUILTIN:
        assert registry.create(name).info.name == name
