"""A batch worker's memory handling: memory zones change no record, the warm-up loads one pipeline."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from claimscope.batch.inputs import Task
from claimscope.batch.work import WARM_UP, Options, Worker

FR = (
    "Selon le ministère, la réunion aurait eu lieu hier à Paris, a affirmé le porte-parole.\n\n"
    "Les autorités ont démenti ces informations quinquagénaires, qui n'ont pas été confirmées par l'AFP."
)
EN = "The minister said on Monday that the talks had failed, officials told Reuters.\n\nNo one has confirmed it."
ANALYZERS = ("entities.v1", "claims.v1")


def _records(outcomes: list[Any]) -> list[dict[str, Any]]:
    """The records without their timings (the only field that differs between two runs)."""
    out = []
    for o in outcomes:
        record = json.loads(o.line)
        record.pop("timings", None)
        out.append(record)
    return out


def _tasks() -> list[Task]:
    return [Task(key=k, ref={"id": k}, kind="text", data=text) for k, text in (("fr", FR), ("en", EN))]


@pytest.mark.skipif(importlib.util.find_spec("fr_core_news_md") is None, reason="fr_core_news_md is not installed")
def test_work_memory_zones_give_the_same_records_and_free_the_strings() -> None:
    from claimscope.nlp import load_spacy

    plain = Worker(Options(analyzers=ANALYZERS, warm_up=False, memory_zones=False))
    zoned = Worker(Options(analyzers=ANALYZERS, warm_up=False, memory_zones=True))
    first = [plain.run(t) for t in _tasks()]
    fr = load_spacy("fr")
    before = len(fr.vocab.strings)
    again = [zoned.run(t) for t in _tasks()]
    assert len(fr.vocab.strings) == before  # the article's new strings were freed
    assert _records(again) == _records(first)
    assert all(o.error is None for o in again)
    record = _records(again)[0]
    assert record["input"]["id"] == "fr" and record["sentences"] and record["claims"]
    assert _records([zoned.run(t) for t in _tasks()]) == _records(first)


@pytest.mark.parametrize(("lang", "loaded"), [(None, "['fr']"), ("en", "['en']")])
def test_work_warm_up_loads_the_pipeline_of_its_language(lang: str | None, loaded: str) -> None:
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from claimscope.batch.work import Options, Worker\n"
        "from claimscope.nlp import loaded_pipelines\n"
        f"Worker(Options(lang={lang!r}, analyzers=('entities.v1',)))\n"
        "print(sorted(n.lang for n in loaded_pipelines()))\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=True)
    assert out.stdout.strip().splitlines()[-1] == loaded
    assert set(WARM_UP) == {"en", "fr"}
