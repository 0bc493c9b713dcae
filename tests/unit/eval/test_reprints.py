"""Tests of the translation part of ``claimscope eval reprints`` (the hand-written parallel set)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner

from claimscope.cli import cli
from claimscope.corpus.reprints import ReprintOptions
from claimscope.eval.reprints import (
    GRID_COVERAGE,
    GRID_PARAGRAPH,
    TRANSLATIONS,
    choose_translation,
    embedded_corpus,
    read_translations,
    score_translations,
)
from claimscope.store.fingerprint import containment, jaccard, minhash_of


def test_reprints_parallel_set_is_labelled_consistently() -> None:
    items = read_translations(TRANSLATIONS)
    by_topic = defaultdict(list)
    for item in items:
        by_topic[item.topic].append(item)
    assert len(by_topic) >= 12
    for topic, members in by_topic.items():
        roles = {m.role: m for m in members}
        assert set(roles) == {"origin", "translation", "distractor"}, topic
        origin, translation, distractor = roles["origin"], roles["translation"], roles["distractor"]
        assert origin.group == translation.group != distractor.group
        assert origin.language != translation.language == distractor.language
        assert origin.published is not None and translation.published is not None
        assert origin.published < translation.published  # the original is dated earlier
        assert 3 <= len(origin.blocks) - 1 <= 8
        # the distractor is another text, not a copy of the translation
        a, b = minhash_of(translation.text), minhash_of(distractor.text)
        assert containment(jaccard(a[0], b[0]), a[1], b[1]) < 0.1
    assert sum(1 for m in items if m.role == "origin" and m.language == "fr") >= 3


def small_set(tmp_path: Path, topics: tuple[str, ...], blocks: int) -> Path:
    """The parallel set's ``topics``, each article cut to its first ``blocks`` blocks (few paragraphs to encode)."""
    out = []
    for line in TRANSLATIONS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["topic"] in topics:
            row["paragraphs"] = row["paragraphs"][: blocks - 1]
            out.append(json.dumps(row, ensure_ascii=False))
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_reprints_translation_score_and_choice_on_real_vectors(tmp_path: Path) -> None:
    items = read_translations(small_set(tmp_path, ("cyber",), 4))
    corpus = embedded_corpus([i.text for i in items], [i.language for i in items], [i.published for i in items])
    scores = score_translations(items, corpus, range(len(items)), ReprintOptions())
    assert scores["gold_pairs"] == 1 and scores["predicted_pairs"] == 1
    assert (scores["precision"], scores["recall"], scores["origin"], scores["role"]) == (1.0, 1.0, 1.0, 1.0)
    assert scores["distractors_merged"] == 0
    # a paragraph threshold no translation reaches loses the pair; precision of no pairs is 1
    strict = score_translations(items, corpus, range(len(items)), ReprintOptions(paragraph_similarity=0.99))
    assert strict["recall"] == 0.0 and strict["predicted_pairs"] == 0
    chosen = choose_translation(items, corpus, range(len(items)), ReprintOptions())
    assert chosen.paragraph_similarity in GRID_PARAGRAPH and chosen.min_coverage in GRID_COVERAGE
    assert score_translations(items, corpus, range(len(items)), chosen)["f1"] == 1.0


def test_reprints_eval_cli_scores_a_parallel_set_without_the_public_data(tmp_path: Path) -> None:
    path = small_set(tmp_path, ("economy", "health"), 3)
    result = CliRunner().invoke(
        cli, ["eval", "reprints", "--no-public", "--translations", str(path), "--repeats", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)["translations"]
    assert out["set"] == {
        "articles": 6,
        "topics": 2,
        "roles": {"distractor": 2, "origin": 2, "translation": 2},
        "languages": {"en": 3, "fr": 3},
    }
    assert len(out["cv"]["recall"]) == 2  # one repeat, two folds
    assert out["defaults"]["gold_pairs"] == 2
    assert out["defaults"]["role"] == 1.0 and out["defaults"]["origin"] == 1.0
    missing = CliRunner().invoke(cli, ["eval", "reprints", "--no-public", "--translations", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "parallel set not found" in missing.output
