"""The analyzer protocol.

An analyzer is a callable object with an ``info`` class attribute. It reads an ``Analysis`` (the
article, its parse and earlier layers) and returns new annotations for the layer(s) it provides;
the pipeline attaches them. It never mutates its input or another layer.

An analyzer that provides one layer returns ``Sequence[Annotation]``; one that provides several
returns ``Mapping[layer, Sequence[Annotation]]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from claimscope.model import Analysis, Annotation

AnalyzerOutput = Sequence[Annotation] | Mapping[str, Sequence[Annotation]]


@dataclass(frozen=True, slots=True)
class AnalyzerInfo:
    """Registered name (with a version: ``"claims.v1"``), the layers it needs and the ones it adds."""

    name: str
    provides: tuple[str, ...]
    requires: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # empty: every language
    description: str = ""

    def __post_init__(self) -> None:
        if "." not in self.name or not self.name.rsplit(".", 1)[1].startswith("v"):
            raise ValueError(f"analyzer names carry a version, like 'claims.v1': {self.name!r}")
        if not self.provides:
            raise ValueError(f"analyzer {self.name!r} provides no layer")


@runtime_checkable
class Analyzer(Protocol):
    info: ClassVar[AnalyzerInfo]

    def __call__(self, result: Analysis) -> AnalyzerOutput: ...
