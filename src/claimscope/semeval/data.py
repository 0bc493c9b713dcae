"""Read SemEval-2023 Task 3 folders (articles, templates, labels, spans) and write its formats.

Layout: ``DATA/{lang}/{split}-articles-subtask-{N}/article{ID}.txt``, labels in
``DATA/{lang}/{split}-labels-subtask-{N}.txt`` and per-article span files in
``DATA/{lang}/{split}-labels-subtask-3-spans/``. A paragraph is a non-empty line of the article;
its id is its 1-based line number, as in the task's ``.template`` files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "fr", "ge", "it", "po", "ru")
ISO = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "es": "es", "gr": "el", "ka": "ka"}
GENRES = ("opinion", "reporting", "satire")
FRAMES = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)
TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)

_ARTICLE = re.compile(r"article(\d+)\.txt$")


def default_data_dir() -> Path:
    """``$CLAIMSCOPE_DATA/semeval2023t3``; ``CLAIMSCOPE_DATA`` defaults to ``../shared/data``."""
    root = Path(os.environ.get("CLAIMSCOPE_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data"))
    return (root / "semeval2023t3").resolve()


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based line number, the task's paragraph id
    start: int
    end: int
    text: str


@dataclass
class SemevalArticle:
    id: str
    lang: str
    text: str
    genre: str | None = None
    frames: tuple[str, ...] | None = None
    labels: dict[int, tuple[str, ...]] = field(default_factory=dict)  # paragraph number -> techniques
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return split_paragraphs(self.text)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines with their 1-based line numbers and character ranges (the task's template)."""
    out, pos = [], 0
    for i, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            out.append(Paragraph(i, pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


def read_articles(folder: Path) -> dict[str, str]:
    """``article{ID}.txt`` files of a folder, by ID."""
    out = {}
    for p in sorted(Path(folder).iterdir()):
        m = _ARTICLE.search(p.name)
        if m:
            out[m.group(1)] = read_text(p)
    return out


def read_label_lines(path: Path) -> list[list[str]]:
    rows = []
    for line in read_text(Path(path)).split("\n"):
        if line.strip():
            rows.append(line.split("\t"))
    return rows


def read_genres(path: Path) -> dict[str, str]:
    return {r[0]: r[1].strip() for r in read_label_lines(path)}


def read_frames(path: Path) -> dict[str, tuple[str, ...]]:
    return {r[0]: _labels(r[1] if len(r) > 1 else "") for r in read_label_lines(path)}


def read_techniques(path: Path) -> dict[str, dict[int, tuple[str, ...]]]:
    out: dict[str, dict[int, tuple[str, ...]]] = {}
    for r in read_label_lines(path):
        out.setdefault(r[0], {})[int(r[1])] = _labels(r[2] if len(r) > 2 else "")
    return out


def read_template(path: Path) -> list[tuple[str, int, str]]:
    """Rows ``(article id, paragraph number, text)`` of a subtask-3 ``.template`` file."""
    return [(r[0], int(r[1]), r[2] if len(r) > 2 else "") for r in read_label_lines(path)]


def _labels(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(",") if x.strip())


def _word_edges(text: str, s: int, e: int) -> int:
    if not (0 <= s < e <= len(text)):
        return -1
    ok = (s == 0 or not text[s - 1].isalnum()) + (e == len(text) or not text[e].isalnum())
    return ok


def read_spans(path: Path, text: str) -> list[tuple[str, int, int]]:
    """Gold spans of one article, as offsets into its LF text.

    Most non-English span files count each newline as two characters (CRLF); per article, the
    convention that lands more spans on word edges wins, then spans are clipped to the text.
    """
    raw = []
    for r in read_label_lines(path):
        if len(r) >= 4:
            raw.append((r[1].strip(), int(r[2]), int(r[3])))
    nl = [i for i, ch in enumerate(text) if ch == "\n"]
    crlf_to_lf = []  # position in the CRLF text -> LF text
    j = 0
    for pos in range(len(text) + len(nl) + 1):
        # the i-th newline in LF text sits at nl[i]; in CRLF text at nl[i] + i (as '\r') and +1
        while j < len(nl) and pos > nl[j] + j + 1:
            j += 1
        crlf_to_lf.append(pos - j)
    crlf = [(t, crlf_to_lf[min(s, len(crlf_to_lf) - 1)], crlf_to_lf[min(e, len(crlf_to_lf) - 1)]) for t, s, e in raw]
    score_lf = sum(_word_edges(text, s, e) for _, s, e in raw)
    score_crlf = sum(_word_edges(text, s, e) for _, s, e in crlf)
    chosen = crlf if score_crlf > score_lf else raw
    out = []
    for t, s, e in chosen:
        s, e = max(0, s), min(len(text), e)
        if s < e:
            out.append((t, s, e))
    return out


def load_split(data_dir: Path, lang: str, split: str = "train", *, with_spans: bool = True) -> list[SemevalArticle]:
    """All articles of ``lang``/``split`` that have subtask-3 text, with whatever gold exists."""
    d = Path(data_dir) / "data" / lang
    texts = read_articles(d / f"{split}-articles-subtask-3")
    for sub in (1, 2):
        folder = d / f"{split}-articles-subtask-{sub}"
        if folder.is_dir():
            for aid, t in read_articles(folder).items():
                texts.setdefault(aid, t)
    genres = _maybe(read_genres, d / f"{split}-labels-subtask-1.txt")
    frames = _maybe(read_frames, d / f"{split}-labels-subtask-2.txt")
    techs = _maybe(read_techniques, d / f"{split}-labels-subtask-3.txt")
    out = []
    for aid, text in texts.items():
        art = SemevalArticle(aid, lang, text, genres.get(aid), frames.get(aid), techs.get(aid, {}))
        span_file = d / f"{split}-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
        if with_spans and span_file.is_file():
            art.spans = read_spans(span_file, text)
        out.append(art)
    return out


def _maybe(reader, path: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return reader(path) if Path(path).is_file() else {}


def write_genres(path: Path, predictions: Mapping[str, str]) -> None:
    Path(path).write_text("".join(f"{aid}\t{label}\n" for aid, label in predictions.items()), encoding="utf-8")


def write_frames(path: Path, predictions: Mapping[str, Sequence[str]]) -> None:
    Path(path).write_text(
        "".join(f"{aid}\t{','.join(labels)}\n" for aid, labels in predictions.items()), encoding="utf-8"
    )


def write_techniques(path: Path, rows: Iterable[tuple[str, int, Sequence[str]]]) -> None:
    Path(path).write_text("".join(f"{aid}\t{num}\t{','.join(labels)}\n" for aid, num, labels in rows), encoding="utf-8")
