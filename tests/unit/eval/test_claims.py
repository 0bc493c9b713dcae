"""Tests of the claims gold-set scorer (alignment, fuzzy source names, per-field counts)."""

from __future__ import annotations

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
