from __future__ import annotations
import __future__

import types

import claimscope


def test_public_api_all_is_complete() -> None:
    public = {
        name
        for name in dir(claimscope)
        if not name.startswith("_")
        and not isinstance(getattr(claimscope, name), types.ModuleType | __future__._Feature)
    }
    assert public == set(claimscope.__all__) - {"__version__"}


def test_public_api_names_resolve() -> None:
    for name in claimscope.__all__:
        assert getattr(claimscope, name) is not None
