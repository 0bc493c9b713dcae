"""What a worker does with one task: ingest, run the pipeline (errors recorded), render one JSON line.

The same code runs in the local engine's processes and in the Ray engine's actors. Models load
once per worker, in :func:`load_worker`, before the worker takes its first task.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claimscope.batch.inputs import Task
from claimscope.errors import BatchError, ClaimscopeError, InputError

WARM_UP = {
    "en": (
        "According to the ministry, the meeting took place yesterday in Paris.\n\n"
        "The spokesman denied these reports, which have not been confirmed."
    ),
    "fr": (
        "Selon le ministère, la réunion aurait eu lieu hier à Paris.\n\n"
        "Le porte-parole a démenti ces informations, qui n'ont pas été confirmées."
    ),
}


@dataclass(frozen=True)
class Options:
    """What every worker needs to know; picklable."""

    lang: str | None = None
    analyzers: tuple[str, ...] = ()
    kb: str = ""
    allow_private: bool = False
    fetch_timeout: float | None = None
    max_bytes: int = 20_000_000
    warm_up: bool = True
    block_torch: bool = True
    """Keep thinc from importing torch (when a training venv has it): inference never needs it,
    and the import alone costs a worker about 250 MB."""
    memory_zones: bool = True
    """Analyse each input inside spaCy's memory zones (the strings and lexemes it adds are freed
    after it) and give the freed heap back to the system: a worker's memory stays flat."""


@dataclass(frozen=True)
class Outcome:
    """One finished input: its key, its output line (JSON, no newline) and its error if it failed."""

    key: str
    line: bytes
    error: dict[str, str] | None = None


class Worker:
    """A loaded pipeline that turns tasks into outcomes."""

    def __init__(self, options: Options) -> None:
        if options.block_torch and "torch" not in sys.modules:
            sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
        from claimscope.analyzers import DEFAULT_PIPELINE
        from claimscope.config import Settings
        from claimscope.pipeline import Pipeline

        self.options = options
        self.settings = Settings.load(
            allow_private=options.allow_private or None,
            timeout=options.fetch_timeout,
            kb=options.kb or None,
            analyzers=",".join(options.analyzers) or None,
            max_bytes=options.max_bytes,
        )
        names = list(self.settings.analyzers) or list(DEFAULT_PIPELINE)
        kb = {n: {"kb": self.settings.kb} for n in names if self.settings.kb and n.startswith("entities.")}
        self.pipeline = Pipeline(names, options=kb, on_error="record")
        if options.warm_up:
            self._warm_up()

    def _warm_up(self) -> None:
        """Load the models now (first article as fast as the rest, and time limits that time the article).

        The warm-up text is French (the largest pipeline; English loads in a second on its first
        page), or in ``--lang``'s language: a ``--lang en`` worker never holds the 200 MB French
        pipeline.
        """
        from claimscope.ingest import article_from_text

        text = WARM_UP.get(self.options.lang or "fr", WARM_UP["en"])
        self.pipeline(article_from_text(text), lang=self.options.lang)

    def run(self, task: Task) -> Outcome:
        """Analyse one task; every failure becomes an error record."""
        if task.kind == "error":
            return error_outcome(task, task.error or {})
        if not self.options.memory_zones:
            return self._run(task)
        from claimscope.nlp import loaded_pipelines
        from claimscope.nlp.lean import memory_zone, release_memory

        try:
            with memory_zone(loaded_pipelines()):
                return self._run(task)  # the record is plain JSON before the zone ends
        finally:
            release_memory()

    def _run(self, task: Task) -> Outcome:
        try:
            article = self._article(task)
            result = self.pipeline(article, lang=self.options.lang)
        except ClaimscopeError as exc:
            return error_outcome(task, exc.to_dict())
        except Exception as exc:  # the batch boundary: one input's bug must not stop the run
            err = BatchError("E806", source=task.source, detail=f"{type(exc).__name__}: {exc}")
            return error_outcome(task, err.to_dict())
        return success_outcome(task, result.to_dict())

    def _article(self, task: Task) -> Any:
        from claimscope.ingest import article_from_raw, article_from_text, read_source
        from claimscope.ingest.source import RawInput, check_content

        if task.kind == "url":
            return read_source(str(task.data), settings=self.settings)
        if task.kind == "text":
            text = str(task.data)
            if not text.strip():
                raise InputError("E102", source=task.source)
            from claimscope.model import InputInfo
            from claimscope.model.ids import sha256_hex

            info = InputInfo(kind="text", url=task.ref.get("url"), sha256=sha256_hex(text.encode("utf-8", "replace")))
            return article_from_text(text, input_info=info)
        data = task.data if isinstance(task.data, bytes) else str(task.data).encode("utf-8")
        check_content(data, source=task.source, settings=self.settings)
        raw = RawInput(data, "html", url=task.ref.get("url"), path=task.ref.get("path"))
        return article_from_raw(raw)


def record_line(record: dict[str, Any]) -> bytes:
    from claimscope.report import render_json

    return render_json(record, indent=None).encode("utf-8")


def success_outcome(task: Task, result: dict[str, Any]) -> Outcome:
    result["input"] = {**(result.get("input") or {}), **task.ref}
    return Outcome(task.key, record_line(result))


def error_outcome(task: Task, error: dict[str, str]) -> Outcome:
    return Outcome(task.key, record_line({"input": dict(task.ref), "error": error}), error)


def next_runnable(tasks: Iterator[Task], emit: Any) -> Task | None:
    """The next task a worker must run; tasks that already carry their error are emitted on the way."""
    for task in tasks:
        if task.kind == "error":
            emit(error_outcome(task, task.error or {}))
            continue
        return task
    return None


def failure_outcome(task: Task, code: str, **fields: Any) -> Outcome:
    """An error record for a task the engine gave up on (E801 time limit, E802 worker stopped, E806)."""
    return error_outcome(task, BatchError(code, source=task.source, **fields).to_dict())
