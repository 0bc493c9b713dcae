"""The local engine: a pool of worker processes (forkserver), one task at a time each.

Our own small pool rather than ``concurrent.futures``: an input that hangs past the time limit
must cost only that input, so its worker is killed and replaced while the others go on, and a
worker that dies (a crash, the OOM killer) is replaced the same way. Each worker loads the
models once, before it reports ready; the time limit starts when a task is handed over.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from claimscope.batch.inputs import Task
from claimscope.batch.work import Options, Outcome, failure_outcome, next_runnable
from claimscope.errors import BatchError, ClaimscopeError

Emit = Callable[[Outcome], None]
_START_FAILURES = 3


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _worker_main(conn: Connection, options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C and stops the workers
    from claimscope.batch.work import Worker

    try:
        worker = Worker(options)
    except ClaimscopeError as exc:
        conn.send(("failed", exc.to_dict()))
        return
    conn.send(("ready", os.getpid(), peak_rss_mb()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the driver is gone
        if task is None:
            return
        outcome = worker.run(task)
        try:
            conn.send(("done", outcome, peak_rss_mb()))
        except (BrokenPipeError, OSError):
            return


class _Slot:
    """One worker process and the task it holds."""

    def __init__(self, ctx: Any, options: Options, index: int) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, options), name=f"claimscope-batch-{index}")
        self.process.daemon = True
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.index = index
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0
        self.peak_mb = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()


def run_local(
    tasks: Iterator[Task],
    emit: Emit,
    *,
    options: Options,
    workers: int = 1,
    time_limit: float = 120.0,
    stats: dict[str, Any] | None = None,
) -> None:
    """Analyse every task on ``workers`` processes; ``emit`` gets each outcome in the driver process.

    1. start the workers (each loads the models, then says ready);
    2. hand a task to each ready worker; error tasks are emitted at once, never sent;
    3. collect outcomes; a worker past ``time_limit`` or dead is replaced and its input recorded as failed;
    4. when the tasks run out and every worker is idle, stop the workers.
    """
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    stats = stats if stats is not None else {}
    peaks: dict[int, float] = stats.setdefault("worker_peak_rss_mb", {})
    counter = iter(range(1_000_000))
    slots = [_Slot(ctx, options, next(counter)) for _ in range(max(1, workers))]
    start_failures = 0
    exhausted = False
    try:
        while True:
            for slot in slots:
                if slot.ready and slot.task is None and not exhausted:
                    task = next_runnable(tasks, emit)
                    if task is None:
                        exhausted = True
                    else:
                        slot.give(task)
            if exhausted and all(s.task is None for s in slots):
                return
            waitables: list[Any] = [s.conn for s in slots] + [s.process.sentinel for s in slots]
            wait(waitables, timeout=0.5)
            for i, slot in enumerate(slots):
                replace = False
                try:
                    while slot.conn.poll():
                        msg = slot.conn.recv()
                        if msg[0] == "ready":
                            slot.ready, slot.peak_mb = True, msg[2]
                        elif msg[0] == "done":
                            slot.task, slot.peak_mb = None, msg[2]
                            emit(msg[1])
                        elif msg[0] == "failed":
                            raise _start_error(msg[1])
                except (EOFError, OSError):
                    replace = True
                peaks[slot.index] = max(peaks.get(slot.index, 0.0), slot.peak_mb)
                if slot.task is not None and time.monotonic() - slot.started > time_limit:
                    emit(failure_outcome(slot.task, "E801", limit=time_limit))
                    stats["timeouts"] = stats.get("timeouts", 0) + 1
                    replace = True
                elif not slot.process.is_alive() and not slot.conn.poll():
                    replace = True
                    if slot.task is not None:
                        emit(failure_outcome(slot.task, "E802", detail=_exit_reason(slot.process.exitcode)))
                    elif not slot.ready:
                        start_failures += 1
                        if start_failures >= _START_FAILURES:
                            raise BatchError(
                                "E802", source="(no input yet)", detail="workers keep dying while loading the models"
                            )
                if replace:
                    slot.task = None
                    slot.kill()
                    stats["replaced"] = stats.get("replaced", 0) + 1
                    slots[i] = _Slot(ctx, options, next(counter))
    finally:
        for slot in slots:
            try:
                if slot.process.is_alive() and slot.ready and slot.task is None:
                    slot.conn.send(None)
                    slot.process.join(timeout=5)
            except OSError:
                pass
            slot.kill()


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _start_error(err: dict[str, str]) -> ClaimscopeError:
    return BatchError("E802", source="(no input yet)", detail=f"{err.get('code')} {err.get('message')}")
