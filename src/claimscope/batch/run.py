"""One batch run: inputs in, one record per input out, resumable after any kill."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimscope.batch.inputs import Task, count_inputs, detect_format, iter_tasks
from claimscope.batch.output import Sink, open_sink
from claimscope.batch.work import Options, Outcome
from claimscope.errors import ConfigError

ENGINES = ("local", "ray")
FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch (the ``claimscope batch`` options)."""

    engine: str = "local"
    workers: int = 1
    fmt: str = "jsonl"
    db: str | None = None
    ray_address: str | None = None
    time_limit: float = 120.0
    worker: Options = field(default_factory=Options)


@dataclass
class BatchSummary:
    total: int | None
    done_before: int  # records already in the output when the run started
    skipped: int = 0  # inputs skipped because an earlier run did them
    analysed: int = 0
    failed: int = 0  # in the whole output, earlier runs included
    failed_now: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.analysed / self.seconds if self.seconds > 0 else 0.0


def run_batch(
    source: Path,
    output: Path,
    options: BatchOptions,
    *,
    on_start: Callable[[BatchSummary], None] | None = None,
    on_outcome: Callable[[Outcome, BatchSummary], None] | None = None,
) -> BatchSummary:
    """Analyse every input of ``source`` not already in ``output``.

    1. read back ``output``: the keys of complete records are done (a torn last line is cut off);
    2. stream the remaining inputs to the engine's workers;
    3. write each outcome as it comes (and add successes to the store with ``db``);
    4. return counts: the run failed when ``summary.failed`` > 0.

    Raises:
        BatchError: E803 (unreadable batch file), E805 (unwritable output), E802 (workers cannot start).
        ConfigError: E203 (Ray missing), E201 (bad option).
    """
    if options.engine not in ENGINES:
        raise ConfigError("E201", name="engine", value=options.engine, detail=f"one of {', '.join(ENGINES)}")
    if options.fmt not in FORMATS:
        raise ConfigError("E201", name="format", value=options.fmt, detail=f"one of {', '.join(FORMATS)}")
    if options.workers < 1:
        raise ConfigError("E201", name="workers", value=options.workers, detail="at least 1")
    if options.engine == "ray":
        from claimscope.batch.ray_engine import import_ray

        import_ray()
    fmt = detect_format(source)
    sink = open_sink(output, options.fmt)
    store = _open_store(options.db) if options.db else None
    done_before = set(sink.done)
    total = count_inputs(source, fmt)
    summary = BatchSummary(total=total, done_before=len(done_before), failed=sink.failed)
    seen: set[str] = set()

    def pending() -> Iterator[Task]:
        for task in iter_tasks(source, fmt, max_bytes=options.worker.max_bytes):
            if task.key in seen:
                summary.duplicates += 1
                continue
            seen.add(task.key)
            if task.key in done_before:
                summary.skipped += 1
                continue
            yield task

    def emit(outcome: Outcome) -> None:
        if store is not None and outcome.error is None:
            store.add(json.loads(outcome.line), source=outcome.key)  # idempotent: a redone input stays one record
        sink.write(outcome)
        summary.analysed += 1
        summary.failed += outcome.error is not None
        summary.failed_now += outcome.error is not None
        if on_outcome:
            on_outcome(outcome, summary)

    if on_start:
        on_start(summary)
    t0 = time.perf_counter()
    todo = pending()
    first = next(todo, None)  # nothing left to do (a finished run started again): no workers to start
    try:
        if first is None:
            pass
        elif options.engine == "ray":
            from claimscope.batch.ray_engine import run_ray

            run_ray(
                itertools.chain([first], todo),
                emit,
                options=options.worker,
                workers=options.workers,
                time_limit=options.time_limit,
                address=options.ray_address,
                stats=summary.stats,
            )
        else:
            from claimscope.batch.local import run_local

            run_local(
                itertools.chain([first], todo),
                emit,
                options=options.worker,
                workers=options.workers,
                time_limit=options.time_limit,
                stats=summary.stats,
            )
    finally:
        summary.seconds = time.perf_counter() - t0
        sink.close()
        if store is not None and hasattr(store, "close"):
            store.close()
    return summary


def _open_store(url: str) -> Any:
    from claimscope.store import open_store

    return open_store(url)


__all__ = ["ENGINES", "FORMATS", "BatchOptions", "BatchSummary", "Sink", "run_batch"]
