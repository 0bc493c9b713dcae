"""``claimscope semeval predict`` writes the task's formats (needs the shipped model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimscope.semeval.commands import eval_command, semeval
from claimscope.semeval.data import FRAMES, GENRES, TECHNIQUES, read_frames, read_genres, read_techniques
from claimscope.semeval.predictor import MODEL_DIR

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (MODEL_DIR / "classifiers.npz").is_file(), reason="no exported model shipped"),
]

ARTICLES = {
    "901": "Les terroristes envoient leurs hommes comme chair à canon\n\nLe gouvernement a menti.\n\nC'est une honte.",
    "902": "Parliament passes budget\n\nThe vote was 300 to 200. The bill now goes to the senate.",
}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for aid, text in ARTICLES.items():
        (d / f"article{aid}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize("subtask", ["1", "2", "3"])
def test_commands_predict_writes_official_format(folder: Path, tmp_path: Path, subtask: str) -> None:
    out = tmp_path / "pred.txt"
    res = CliRunner().invoke(semeval, ["predict", "--subtask", subtask, "--articles", str(folder), "-o", str(out)])
    assert res.exit_code == 0, res.output
    if subtask == "1":
        assert set(read_genres(out)) == set(ARTICLES) and set(read_genres(out).values()) <= set(GENRES)
    elif subtask == "2":
        frames = read_frames(out)
        assert set(frames) == set(ARTICLES) and all(f and set(f) <= set(FRAMES) for f in frames.values())
    else:
        rows = read_techniques(out)
        assert sorted(rows["901"]) == [1, 3, 5] and sorted(rows["902"]) == [1, 3]
        assert all(set(v) <= set(TECHNIQUES) for r in rows.values() for v in r.values())


def test_commands_predict_follows_template(folder: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.template"
    template.write_text("901\t3\tLe gouvernement a menti.\n", encoding="utf-8")
    out = tmp_path / "pred.txt"
    args = ["predict", "--subtask", "3", "--articles", str(folder), "--template", str(template), "-o", str(out)]
    assert CliRunner().invoke(semeval, args).exit_code == 0
    assert list(read_techniques(out)) == ["901"] and list(read_techniques(out)["901"]) == [3]


def test_commands_eval_rejects_missing_data(tmp_path: Path) -> None:
    res = CliRunner().invoke(eval_command, ["--data", str(tmp_path)])
    assert res.exit_code != 0
    assert "E204" in str(res.exception) or "E204" in res.output


def test_commands_eval_prints_cv_spread_and_span_scores() -> None:
    from claimscope.semeval.commands import _format_scores

    row = {"micro_f1": 0.46, "macro_f1": 0.2, "n": 198, "cv_mean": 0.45, "cv_std": 0.08, "cv_folds": 25}
    row.update({"cv_pooled_mean": 0.462, "cv_pooled_std": 0.003})
    line = _format_scores(row)
    assert "micro-F1 0.4600" in line and "CV micro-F1 0.4500 ± 0.0800 over 25 folds" in line
    assert "pooled per repeat 0.4620 ± 0.0030" in line
    spans = {"si": {"f1": 0.44, "precision": 0.49, "recall": 0.41}, "articles": 150, "highlights_per_1000_words": 76.2}
    assert "SI span F1 0.4400 (P 0.490 R 0.410)" in _format_scores({**spans, "labelled": {"f1": 0.23}})
