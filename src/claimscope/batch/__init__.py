"""Batch runs: many inputs, one record each, on a local process pool or on Ray; resumable after any kill.

- ``inputs.py`` reads a folder, a JSONL or Parquet table, or a WARC file into tasks with stable keys;
- ``work.py`` is what a worker does with a task (ingest, pipeline with errors recorded, one JSON line);
- ``local.py`` (process pool) and ``ray_engine.py`` (Ray actors) run the workers;
- ``output.py`` writes JSONL or Parquet parts so that a restart finds exactly what is done;
- ``run.py`` ties them together; ``commands.py`` is ``claimscope batch``.
"""

from __future__ import annotations

from claimscope.batch.output import read_records, record_key
from claimscope.batch.run import BatchOptions, BatchSummary, run_batch
from claimscope.batch.work import Options

__all__ = ["BatchOptions", "BatchSummary", "Options", "read_records", "record_key", "run_batch"]
