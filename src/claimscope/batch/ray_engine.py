"""The Ray engine: actors that hold the models, one task in flight per actor.

``ray.init()`` starts a local Ray on this machine unless ``address`` (``--ray-address``) or
``RAY_ADDRESS`` names a cluster (``ray://head:10001`` or ``auto``). Inputs are read by the driver
and shipped to the actors as bytes, so the cluster's nodes need claimscope installed but not the
driver's files; records are written by the driver only, which keeps resume exact.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from claimscope.batch.inputs import Task
from claimscope.batch.work import Options, Outcome, failure_outcome, next_runnable
from claimscope.errors import BatchError, ConfigError

Emit = Callable[[Outcome], None]
INSTALL_HINT = "'claimscope[ray]'"


def import_ray() -> Any:
    """Ray, or a coded error with the install hint."""
    try:
        import ray
    except ImportError:
        raise ConfigError("E203", package="ray", hint=INSTALL_HINT) from None
    return ray


class _Holder:
    """The actor's body: a loaded :class:`~claimscope.batch.work.Worker`."""

    def __init__(self, options: Options) -> None:
        from claimscope.batch.work import Worker

        self.worker = Worker(options)

    def ready(self) -> float:
        from claimscope.batch.local import peak_rss_mb

        return peak_rss_mb()

    def run(self, task: Task) -> tuple[Outcome, float]:
        from claimscope.batch.local import peak_rss_mb

        return self.worker.run(task), peak_rss_mb()


def _init(ray: Any, kwargs: dict[str, Any], *, tries: int) -> None:
    """``ray.init``, tried again when a local Ray fails to start.

    On a busy machine the raylet can give up on the dashboard agent's port files (a fixed 15 s,
    ray-project/ray#65983) and ``ray.init`` raises a bare Exception; a second start usually works.
    """
    for attempt in range(1, tries + 1):
        try:
            ray.init(**kwargs)
            return
        except Exception as exc:  # Ray raises a bare Exception for a node that did not start
            ray.shutdown()
            if attempt == tries or "timed out during startup" not in str(exc):
                raise BatchError("E802", source="(no input yet)", detail=f"Ray did not start: {exc}") from exc


def run_ray(
    tasks: Iterator[Task],
    emit: Emit,
    *,
    options: Options,
    workers: int = 1,
    time_limit: float = 120.0,
    address: str | None = None,
    stats: dict[str, Any] | None = None,
) -> None:
    """Analyse every task on ``workers`` Ray actors; ``emit`` gets each outcome in the driver.

    1. connect to Ray (a cluster when ``address`` or ``RAY_ADDRESS`` is set, else a local one);
    2. start the actors and wait until each has loaded the models;
    3. keep one task in flight per actor; an actor past ``time_limit`` is killed and replaced, an
       actor that dies is replaced, and its input is recorded as failed;
    4. shut down a Ray that this call started.
    """
    ray = import_ray()
    from ray.exceptions import GetTimeoutError, RayActorError, RayError, RayTaskError

    stats = stats if stats is not None else {}
    peaks: dict[int, float] = stats.setdefault("worker_peak_rss_mb", {})
    address = address or os.environ.get("RAY_ADDRESS") or None
    started_here = not ray.is_initialized()
    if started_here:
        kwargs: dict[str, Any] = {"log_to_driver": False, "include_dashboard": False}
        if address:
            kwargs["address"] = address
        else:
            kwargs["num_cpus"] = max(workers, os.cpu_count() or 1)
        _init(ray, kwargs, tries=1 if address else 3)
    actor_cls = ray.remote(num_cpus=1, max_restarts=0)(_Holder)
    counter = iter(range(1_000_000))

    def spawn() -> dict[str, Any]:
        actor = actor_cls.remote(options)
        return {"actor": actor, "index": next(counter), "ready": actor.ready.remote(), "ref": None, "task": None}

    slots = [spawn() for _ in range(max(1, workers))]
    start_failures = 0
    exhausted = False
    try:
        while True:
            for slot in slots:
                if slot["ready"] is None and slot["task"] is None and not exhausted:
                    task = next_runnable(tasks, emit)
                    if task is None:
                        exhausted = True
                    else:
                        slot["task"], slot["started"] = task, time.monotonic()
                        slot["ref"] = slot["actor"].run.remote(task)
            if exhausted and all(s["task"] is None for s in slots):
                return
            refs = [s["ready"] or s["ref"] for s in slots if s["ready"] or s["ref"]]
            done, _ = ray.wait(refs, num_returns=1, timeout=0.5)
            done_ids = set(done)
            for i, slot in enumerate(slots):
                replace = False
                if slot["ready"] is not None and slot["ready"] in done_ids:
                    try:
                        peaks[slot["index"]] = ray.get(slot["ready"])
                        slot["ready"] = None
                    except RayError as exc:
                        start_failures += 1
                        if start_failures >= 3:
                            raise BatchError(
                                "E802", source="(no input yet)", detail=f"Ray actors fail to load the models: {exc}"
                            ) from None
                        replace = True
                elif slot["ref"] is not None and slot["ref"] in done_ids:
                    task = slot["task"]
                    try:
                        outcome, peak = ray.get(slot["ref"])
                        peaks[slot["index"]] = max(peaks.get(slot["index"], 0.0), peak)
                        emit(outcome)
                    except RayActorError as exc:
                        emit(failure_outcome(task, "E802", detail=f"Ray actor died: {str(exc).splitlines()[0]}"))
                        replace = True
                    except (RayTaskError, GetTimeoutError) as exc:
                        emit(failure_outcome(task, "E806", detail=str(exc).splitlines()[0]))
                    slot["ref"], slot["task"] = None, None
                elif slot["task"] is not None and time.monotonic() - slot["started"] > time_limit:
                    emit(failure_outcome(slot["task"], "E801", limit=time_limit))
                    stats["timeouts"] = stats.get("timeouts", 0) + 1
                    replace = True
                if replace:
                    ray.kill(slot["actor"], no_restart=True)
                    stats["replaced"] = stats.get("replaced", 0) + 1
                    slots[i] = spawn()
    finally:
        for slot in slots:
            ray.kill(slot["actor"], no_restart=True)
        if started_here:
            ray.shutdown()
