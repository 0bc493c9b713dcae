from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.semeval.data import (
    LANGUAGES,
    TECHNIQUES,
    load_split,
    read_frames,
    read_spans,
    read_techniques,
    split_paragraphs,
    write_frames,
    write_genres,
    write_techniques,
)


def test_data_split_paragraphs_uses_line_numbers() -> None:
    paras = split_paragraphs("Title\n\nFirst para.\nSecond para.\n\n")
    assert [(p.number, p.text) for p in paras] == [(1, "Title"), (3, "First para."), (4, "Second para.")]
    assert paras[1].start == 7


def test_data_read_spans_converts_crlf_offsets(tmp_path: Path) -> None:
    text = "Titre\n\nIls sont des terroristes. Une chair à canon."
    # offsets counted with CRLF line ends: 2 extra characters before the body
    s = text.index("terroristes") + 2
    t = text.index("chair à canon") + 2
    f = tmp_path / "spans.txt"
    f.write_text(f"1\tName_Calling-Labeling\t{s}\t{s + 11}\n1\tLoaded_Language\t{t}\t{t + 13}\n", encoding="utf-8")
    spans = read_spans(f, text)
    assert [text[a:b] for _, a, b in spans] == ["terroristes", "chair à canon"]


def test_data_read_spans_keeps_lf_offsets(tmp_path: Path) -> None:
    text = "Title\n\nThey are terrorists. Cannon fodder."
    s = text.index("terrorists")
    f = tmp_path / "spans.txt"
    f.write_text(f"1\tName_Calling-Labeling\t{s}\t{s + 10}\n", encoding="utf-8")
    assert [text[a:b] for _, a, b in read_spans(f, text)] == ["terrorists"]


def test_data_writers_round_trip(tmp_path: Path) -> None:
    write_genres(tmp_path / "g.txt", {"1": "opinion"})
    assert (tmp_path / "g.txt").read_text() == "1\topinion\n"
    write_frames(tmp_path / "f.txt", {"1": ["Economic", "Political"]})
    assert read_frames(tmp_path / "f.txt") == {"1": ("Economic", "Political")}
    write_techniques(tmp_path / "t.txt", [("1", 1, []), ("1", 3, ["Doubt", "Slogans"])])
    assert read_techniques(tmp_path / "t.txt") == {"1": {1: (), 3: ("Doubt", "Slogans")}}


def test_data_technique_list_matches_task(shared_data: Path) -> None:
    listed = (shared_data / "semeval2023t3" / "scorers" / "techniques_subtask3.txt").read_text().split()
    assert tuple(listed) == TECHNIQUES


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_data_load_split_reads_gold(shared_data: Path, lang: str) -> None:
    arts = load_split(shared_data / "semeval2023t3", lang, "train")
    labelled = [a for a in arts if a.labels]
    assert len(labelled) > 100
    a = labelled[0]
    assert set(a.labels) <= {p.number for p in a.paragraphs}
    assert any(a.genre for a in arts) and any(a.frames for a in arts)
    spans = [s for a in labelled for s in a.spans]
    assert spans and all(t in TECHNIQUES for t, _, _ in spans)
