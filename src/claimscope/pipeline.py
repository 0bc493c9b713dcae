"""Builds and runs an ordered list of analyzers.

``Pipeline(...)`` checks requires/provides when it is built, not halfway through a run.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from claimscope import __version__, registry
from claimscope.analyzers.base import Analyzer
from claimscope.errors import AnalyzerError, ClaimscopeError, PipelineError
from claimscope.model import Analysis, Annotation, Article
from claimscope.model.analysis import AnalyzerFailure

ErrorPolicy = Literal["raise", "record"]


class Pipeline:
    """An ordered, validated list of analyzers run after the nlp stage."""

    def __init__(
        self,
        analyzers: Sequence[str | Analyzer] | None = None,
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        on_error: ErrorPolicy = "record",
    ) -> None:
        from claimscope.analyzers import DEFAULT_PIPELINE

        options = options or {}
        names = DEFAULT_PIPELINE if analyzers is None else analyzers
        self.analyzers: list[Analyzer] = [
            registry.create(a, **options.get(a, {})) if isinstance(a, str) else a for a in names
        ]
        self.on_error = on_error
        self._check()

    def _check(self) -> None:
        seen_names: set[str] = set()
        provided: dict[str, str] = {}
        for analyzer in self.analyzers:
            info = analyzer.info
            if info.name in seen_names:
                raise PipelineError("E304", name=info.name)
            seen_names.add(info.name)
            for layer in info.requires:
                if layer not in provided:
                    raise PipelineError("E302", name=info.name, layer=layer)
            for layer in info.provides:
                if layer in provided:
                    raise PipelineError("E303", layer=layer, first=provided[layer], second=info.name)
                provided[layer] = info.name

    @property
    def names(self) -> list[str]:
        return [a.info.name for a in self.analyzers]

    def __call__(self, article: Article, *, lang: str | None = None) -> Analysis:
        """Run the pipeline on one article.

        1. nlp: language identification (unless ``lang`` is given), sentences, spaCy parse;
        2. each analyzer in order; its output becomes new layers;
        3. a failing analyzer is recorded in ``errors`` (policy ``record``) or raised.
        """
        from claimscope.nlp import parse_article

        t0 = time.perf_counter()
        result = Analysis(article=article, parsed=parse_article(article, lang=lang), version=__version__)
        result = result.with_timing("nlp", time.perf_counter() - t0)
        for analyzer in self.analyzers:
            result = self._run_one(analyzer, result)
        return result

    def _run_one(self, analyzer: Analyzer, result: Analysis) -> Analysis:
        info = analyzer.info
        t0 = time.perf_counter()
        try:
            output = analyzer(result)
        except ClaimscopeError as exc:
            if self.on_error == "raise":
                raise
            return result.with_error(AnalyzerFailure(info.name, exc.code, exc.message))
        except Exception as exc:  # the boundary between the pipeline and third-party analyzers
            if self.on_error == "raise":
                raise AnalyzerError("E401", name=info.name, detail=f"{type(exc).__name__}: {exc}") from exc
            return result.with_error(AnalyzerFailure(info.name, "E401", f"{type(exc).__name__}: {exc}"))
        seconds = time.perf_counter() - t0
        layers: Mapping[str, Sequence[Annotation]]
        if isinstance(output, Mapping):
            layers = output
        elif len(info.provides) == 1:
            layers = {info.provides[0]: output}
        else:
            raise AnalyzerError("E401", name=info.name, detail="several layers provided but a sequence returned")
        for layer in info.provides:
            result = result.with_layer(layer, tuple(layers.get(layer, ())), seconds=seconds)
            seconds = 0.0
        return result
