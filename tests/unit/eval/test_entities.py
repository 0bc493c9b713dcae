"""The entities eval: pair precision/recall and linking accuracy from hand-made predictions."""

from __future__ import annotations

from claimscope.eval.entities import Scores, score_document

GOLD = {
    "id": "t1",
    "text": "HTŞ et Hay’at Tahrir al-Sham, pas Daesh ni Daech. Kiev.",
    "entities": [
        {"name": "HTS", "label": "ORG", "qid": "Q1", "mentions": ["HTŞ", "Hay’at Tahrir al-Sham"]},
        {"name": "IS", "label": "ORG", "qid": "Q2", "mentions": ["Daesh", "Daech"]},
        {"name": "Kyiv", "label": "LOC", "qid": None, "mentions": ["Kiev"]},
    ],
}


def entity(eid: str, text: str, forms: list[str], kb_id: str | None) -> dict:
    return {
        "id": eid,
        "kb_id": kb_id,
        "mentions": [{"start": text.index(f), "end": text.index(f) + len(f), "text": f} for f in forms],
    }


def test_entities_eval_perfect_prediction() -> None:
    text = GOLD["text"]
    predicted = [
        entity("e0", text, ["HTŞ", "Hay’at Tahrir al-Sham"], "Q1"),
        entity("e1", text, ["Daesh", "Daech"], "Q2"),
        entity("e2", text, ["Kiev"], None),
    ]
    scores = Scores()
    score_document(GOLD, predicted, scores)
    out = scores.as_dict()
    assert (out["pair_precision"], out["pair_recall"], out["pair_accuracy"]) == (1.0, 1.0, 1.0)
    assert (out["linking_accuracy"], out["links"], out["null_gold"]) == (1.0, 2, 1)


def test_entities_eval_counts_merges_splits_and_wrong_links() -> None:
    text = GOLD["text"]
    predicted = [
        entity("e0", text, ["HTŞ", "Hay’at Tahrir al-Sham", "Daesh"], "Q1"),
        entity("e1", text, ["Daech"], None),
    ]
    scores = Scores()
    score_document(GOLD, predicted, scores)
    out = scores.as_dict()
    # 5 forms: 10 pairs, 2 gold-same; predicted-same: HTŞ-HTS, HTŞ-Daesh, HTS-Daesh (1 right)
    assert (out["pairs"], out["gold_same_pairs"], out["predicted_same_pairs"]) == (10, 2, 3)
    assert out["pair_precision"] == round(1 / 3, 4)
    assert out["pair_recall"] == 0.5
    assert out["mention_recall"] == 0.8  # Kiev not found
    assert out["linking_accuracy"] == 0.5  # IS links to nothing
