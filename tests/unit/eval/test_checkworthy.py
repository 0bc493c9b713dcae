"""Tests of ``claimscope eval checkworthy`` on small files in the task's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.eval.checkworthy import FRENCH_GOLD, command, read_split

ROWS = [
    ("1", "Unemployment fell to 4.3 percent in 2016, the lowest level since 2001.", "Yes"),
    ("2", "The deficit doubled in four years, from 500 billion to a trillion dollars.", "Yes"),
    ("3", "Thank you all for coming tonight.", "No"),
    ("4", "I think we can do better, and we will.", "No"),
]


def _tsv(tmp_path: Path) -> Path:
    path = tmp_path / "mini.tsv"
    lines = ["Sentence_id\tText\tclass_label", *("\t".join(r) for r in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_checkworthy_read_split_reads_task_tsv_and_gold_jsonl(tmp_path: Path) -> None:
    what, texts, labels, lang = read_split(str(_tsv(tmp_path)), None)
    assert "task-1 format" in what
    assert texts[0].startswith("Unemployment") and labels.tolist() == [1, 1, 0, 0] and lang == "en"
    _, fr_texts, fr_labels, fr_lang = read_split("fr", None)
    rows = [json.loads(x) for x in FRENCH_GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(fr_texts) == len(rows) >= 150 and fr_lang == "fr"
    assert int(fr_labels.sum()) == sum(r["label"] == "Yes" for r in rows)
    assert all(r["source"].startswith("semeval2023t3/fr/train-articles-subtask-3/") for r in rows)


@pytest.mark.slow
def test_checkworthy_eval_scores_any_task_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--split", str(_tsv(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["sentences"] == 4 and out["check_worthy"] == 2
    assert out["f1"] == pytest.approx(1.0)  # the obvious cases are all right
    assert out["cv"]["folds"] == 5 and out["cv"]["cv_f1_fold_std"] > 0


def test_checkworthy_eval_refuses_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--split", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2 and "data not found" in result.output
