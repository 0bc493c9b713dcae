"""Tests of the claims gold-set scorer (alignment, fuzzy source names, per-field counts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimscope.eval.claims import Scores, names_match, score_item

TEXT = "Selon Lekolin, la réunion a eu lieu le 18 juin. Une honte pour l'Europe."
GOLD = {
    "id": "fr-x",
    "lang": "fr",
    "text": TEXT,
    "sentences": [
        {
            "text": "Selon Lekolin, la réunion a eu lieu le 18 juin.",
            "claim": True,
            "status": "attributed",
            "sources": [{"name": "Lekolin", "kind": "named_outlet"}],
            "cues": ["Selon"],
        },
        {"text": "Une honte pour l'Europe.", "claim": False, "status": None, "sources": [], "cues": []},
    ],
}


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("L’agence Reuters", "Reuters", True),
        ("Le site du PKK", "le site du PKK", True),
        ("Two senior officials, speaking on condition of anonymity", "Two senior officials", True),
        ("Lekolin", "le Kremlin", False),
    ],
)
def test_claims_names_match_is_fuzzy_on_articles_and_case(gold: str, pred: str, expected: bool) -> None:
    assert names_match(gold, pred) is expected


def test_claims_score_item_counts_each_field() -> None:
    start = TEXT.index("la réunion")
    result = {
        "sources": [{"id": "src0", "name": "Lekolin", "kind": "named_outlet"}],
        "claims": [
            {
                "id": "c0",
                "start": start,
                "end": TEXT.index(". Une"),
                "status": "attributed",
                "sources": ["src0"],
                "status_cues": [{"start": 0, "end": 5, "text": "Selon"}],
            }
        ],
    }
    scores, log = Scores(), []
    score_item(GOLD, result, scores, log)
    assert (scores.claim.tp, scores.claim.fp, scores.claim.fn) == (1, 0, 0)
    assert scores.status_ok == scores.status_n == 1
    assert (scores.source.tp, scores.kind_ok, scores.cue.tp) == (1, 1, 1)
    assert log == []


def test_claims_score_item_flags_false_claim_on_opinion() -> None:
    start = TEXT.index("Une honte")
    result = {
        "sources": [],
        "claims": [
            {"id": "c0", "start": start, "end": len(TEXT), "status": "asserted", "sources": [], "status_cues": []}
        ],
    }
    scores, log = Scores(), []
    score_item(GOLD, result, scores, log)
    assert (scores.claim.tp, scores.claim.fp, scores.claim.fn) == (0, 1, 1)
    assert any("FALSE claim" in line for line in log)


def test_claims_load_items_puts_items_without_split_in_seen(tmp_path: Any) -> None:
    from claimscope.eval.claims import load_items

    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD) + "\n" + json.dumps({**GOLD, "id": "fr-y", "split": "test"}) + "\n")
    assert [i["split"] for i in load_items([path])] == ["seen", "test"]


def test_claims_unseen_gold_has_a_fixed_test_part_per_language_with_origins() -> None:
    from claimscope.eval.claims import DEFAULT_UNSEEN, load_items

    path = Path(__file__).resolve().parents[3] / DEFAULT_UNSEEN
    items = load_items([path])
    assert len({i["id"] for i in items}) == len(items)
    first = [i for i in items if "batch" not in i]  # the batch drawn before any rule change
    for lang in ("fr", "en"):
        part = [i for i in first if i["lang"] == lang]
        test = [i for i in part if i["split"] == "test"]
        assert len(test) >= 0.4 * len(part) and len(part) - len(test) > 0
    for item in items:
        assert item["split"] in {"dev", "test"}
        assert item["origin"]["dataset"] in {"semeval2023t3", "checkthat2024-t1-en", "claimbuster"}
        assert all(s["text"] in item["text"] for s in item["sentences"])
        assert all(s["status"] is None for s in item["sentences"] if not s["claim"])
    statuses = {s["status"] for i in items for s in i["sentences"] if s["claim"]}
    assert statuses == {"asserted", "attributed", "hedged", "unconfirmed", "denied", "questioned"}
