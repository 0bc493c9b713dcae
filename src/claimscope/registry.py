"""Analyzer registry: registered name -> factory. Built-ins and entry points go through ``register``.

Nothing registers on import: call ``load()`` (the pipeline does) to fill the registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from claimscope.analyzers.base import Analyzer
from claimscope.errors import PipelineError

ENTRY_POINT_GROUP = "claimscope.analyzers"
Factory = Callable[..., Analyzer]

_factories: dict[str, Factory] = {}
_loaded = False


def register(name: str, factory: Factory | str) -> None:
    """Register ``factory`` (a callable, or a lazy ``"module:attr"`` reference) under ``name``."""
    if name in _factories:
        raise PipelineError("E304", name=name)
    _factories[name] = _lazy(factory) if isinstance(factory, str) else factory


def _lazy(ref: str) -> Factory:
    module_name, _, attr = ref.partition(":")

    def factory(**options: Any) -> Analyzer:
        cls = getattr(importlib.import_module(module_name), attr)
        return cls(**options)  # type: ignore[no-any-return]

    factory.ref = ref  # type: ignore[attr-defined]
    return factory


def load() -> None:
    """Register the built-in analyzers and those of installed plugins (once per process)."""
    global _loaded
    if _loaded:
        return
    from claimscope.analyzers import BUILTIN

    for name, ref in BUILTIN:
        register(name, ref)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in _factories:
            register(ep.name, ep.value)
    _loaded = True


def names() -> list[str]:
    load()
    return sorted(_factories)


def create(name: str, **options: Any) -> Analyzer:
    load()
    if name not in _factories:
        raise PipelineError("E301", name=name, known=", ".join(sorted(_factories)))
    return _factories[name](**options)


def describe() -> dict[str, str]:
    """Name -> factory reference, for the snapshot test."""
    load()
    return {n: getattr(f, "ref", repr(f)) for n, f in sorted(_factories.items())}
