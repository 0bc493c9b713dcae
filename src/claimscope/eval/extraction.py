"""Extraction quality on trafilatura's evaluation set (or any folder in its format).

    claimscope eval extraction [DIR] [--limit N]

DIR holds ``evaldata.json`` (or ``tests/evaldata.json``) mapping each URL to
``{"file": ..., "with": [...], "without": [...]}``; the pages live in ``cache/`` or ``eval/`` next to
it, plain or gzipped (``X.html.gz``). Scoring follows trafilatura's own convention
(``tests/eval_common.py``): whitespace-normalised substring matching; a "with" snippet found is a
true positive, missed a false negative; a "without" snippet found is a false positive, absent a true
negative; a crash or an empty result misses every "with" snippet.

claimscope is scored on ``Article.text`` (headline first, then the paragraphs and embeds);
plain trafilatura is ``trafilatura.extract(html)`` with its default settings.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from claimscope.errors import ClaimscopeError
from claimscope.eval import _metrics

LOGGER = logging.getLogger(__name__)


@dataclass
class Scores:
    """Accumulated confusion counts with derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: int = 0
    empty: int = 0
    seconds: float = 0.0
    pages: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, counts: tuple[int, int, int, int]) -> None:
        tp, fp, fn, tn = counts
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.tn += tn

    @property
    def precision(self) -> float:
        return _metrics.precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return _metrics.recall(self.tp, self.fn)

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    @property
    def f1(self) -> float:
        return _metrics.f1(self.tp, self.fp, self.fn)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def count_item(item: dict[str, Any], result: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) for one page, trafilatura's convention."""
    if result:
        resn = norm(result)
        tp = sum(1 for w in item["with"] if norm(w) in resn)
        fp = sum(1 for w in item["without"] if norm(w) in resn)
    else:
        tp = fp = 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def find_evaldata(folder: Path) -> Path:
    for candidate in (folder / "evaldata.json", folder / "tests" / "evaldata.json"):
        if candidate.is_file():
            return candidate
    raise click.ClickException(f"no evaldata.json in {folder} or {folder / 'tests'}")


def read_page(base: Path, filename: str) -> bytes | None:
    for sub in ("cache", "eval", "."):
        for name in (filename, filename + ".gz"):
            path = base / sub / name
            if path.is_file():
                data = path.read_bytes()
                return gzip.decompress(data) if name.endswith(".gz") else data
    return None


def iter_pages(folder: Path, *, limit: int | None = None) -> Iterator[tuple[str, dict[str, Any], bytes]]:
    """(url, item, html bytes) for each page of an eval folder that exists on disk."""
    evaldata = find_evaldata(folder)
    items: dict[str, dict[str, Any]] = json.loads(evaldata.read_text(encoding="utf-8"))
    count = 0
    for url, item in items.items():
        if limit is not None and count >= limit:
            break
        html = read_page(evaldata.parent, item["file"])
        if html is None:
            LOGGER.warning("missing page %s", item["file"])
            continue
        count += 1
        yield url, item, html


def run_claimscope(html: bytes) -> str | None:
    from claimscope.ingest import article_from_html

    try:
        return article_from_html(html).text
    except ClaimscopeError:
        return None


def run_trafilatura(html: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(html)


SYSTEMS: dict[str, Callable[[bytes], str | None]] = {"claimscope": run_claimscope, "trafilatura": run_trafilatura}


def evaluate(
    folder: Path,
    *,
    limit: int | None = None,
    systems: tuple[str, ...] = ("claimscope", "trafilatura"),
    progress: bool = True,
) -> dict[str, Scores]:
    """Score each system on every page of ``folder``."""
    from tqdm import tqdm

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    results = {name: Scores() for name in systems}
    pages = list(iter_pages(folder, limit=limit))
    for url, item, html in tqdm(pages, desc="pages", unit="page", disable=not progress):
        for name in systems:
            scores = results[name]
            start = time.perf_counter()
            try:
                text = SYSTEMS[name](html)
            except Exception as exc:  # a crash counts as a full miss, as in trafilatura's eval
                LOGGER.warning("%s crashed on %s: %s", name, url, exc)
                scores.errors += 1
                text = None
            scores.seconds += time.perf_counter() - start
            scores.pages += 1
            if not text:
                scores.empty += 1
            counts = count_item(item, text)
            scores.add(counts)
            resn = norm(text or "")
            for w in item["with"]:
                if norm(w) not in resn:
                    scores.misses.append((url, "with", w))
            for w in item["without"]:
                if norm(w) in resn:
                    scores.misses.append((url, "without", w))
    return results


def format_table(results: dict[str, Scores]) -> str:
    header = (
        f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>8}   {'TP':>5} {'FP':>5} "
        f"{'FN':>5} {'TN':>5} {'empty':>5} {'errors':>6} {'s/page':>7}"
    )
    lines = [header, "-" * len(header)]
    for name, s in results.items():
        per_page = s.seconds / max(1, s.pages)
        lines.append(
            f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>7.3f} {s.accuracy:>8.3f}   {s.tp:>5} {s.fp:>5} "
            f"{s.fn:>5} {s.tn:>5} {s.empty:>5} {s.errors:>6} {per_page:>7.3f}"
        )
    return "\n".join(lines)


@click.command("extraction")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N pages.")
@click.option(
    "--misses",
    "misses_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every missed 'with' and found 'without' snippet to this JSON Lines file.",
)
@click.option("--only", type=click.Choice(sorted(SYSTEMS)), multiple=True, help="Score only these systems.")
def command(folder: Path | None, limit: int | None, misses_file: Path | None, only: tuple[str, ...]) -> None:
    """Precision, recall and F1 of main-text extraction: claimscope next to plain trafilatura.

    FOLDER defaults to trafilatura-eval in the data folder (CLAIMSCOPE_DATA, default ../shared/data).
    """
    if folder is None:
        from claimscope.config import Settings

        folder = Path(Settings.load().data_dir) / "trafilatura-eval"
        if not folder.is_dir():
            raise click.ClickException(
                f"{folder} not found: pass the folder or set CLAIMSCOPE_DATA to the shared data folder"
            )
    systems = only or ("claimscope", "trafilatura")
    results = evaluate(folder, limit=limit, systems=systems)
    click.echo(f"{next(iter(results.values())).pages} pages from {folder}")
    click.echo(format_table(results))
    if misses_file is not None:
        with misses_file.open("w", encoding="utf-8") as fh:
            for name, s in results.items():
                for url, key, snippet in s.misses:
                    fh.write(
                        json.dumps({"system": name, "url": url, "kind": key, "snippet": snippet}, ensure_ascii=False)
                        + "\n"
                    )


__all__ = ["Scores", "command", "count_item", "evaluate", "format_table", "iter_pages", "read_page"]
