"""``claimscope eval claims``: score the claims analyzer on the project's gold sets.

Each gold item is 1-3 sentences with, per sentence: claim or not, status, sources (name, kind) and
cue strings (labelling guideline: ``docs/claims-guideline.md``). Predicted claims are aligned to gold
sentences by character overlap; every field is scored with precision, recall and F1, per language.

Two gold files: ``claims.jsonl`` (split ``seen``: the rules were written while reading its errors) and
``claims-unseen.jsonl`` (public news and debate sentences, each item ``split`` ``dev`` or ``test``;
rules are developed on ``dev`` only). Every split is reported on its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from claimscope.eval import _metrics

STATUSES = ("asserted", "attributed", "hedged", "unconfirmed", "denied", "questioned")
DEFAULT_GOLD = Path("tests/eval/gold/claims.jsonl")
DEFAULT_UNSEEN = Path("tests/eval/gold/claims-unseen.jsonl")
SPLITS = ("seen", "dev", "test")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return _metrics.precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return _metrics.recall(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return _metrics.f1(self.tp, self.fp, self.fn)


@dataclass
class Scores:
    claim: Counts = field(default_factory=Counts)
    status_ok: int = 0
    status_n: int = 0
    status: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    source: Counts = field(default_factory=Counts)
    kind_ok: int = 0
    kind_n: int = 0
    kind: Counts = field(default_factory=Counts)
    cue: Counts = field(default_factory=Counts)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFC", name).replace("’", "'").lower()
    s = re.sub(r"^(the|le|la|les|l'|un|une|des|a|an)\s*", "", s.strip())
    return " ".join(s.split())


def names_match(gold: str, pred: str) -> bool:
    """Fuzzy source-name match: same words in another order, or one name inside the other."""
    from rapidfuzz import fuzz

    a, b = _norm(gold), _norm(pred)
    if not a or not b:
        return False
    return a in b or b in a or fuzz.token_set_ratio(a, b) >= 80


def _pairs(gold: list[Any], pred: list[Any], match: Any) -> tuple[int, list[tuple[Any, Any]]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and match(g, p):
                used.add(j)
                pairs.append((g, p))
                break
    return len(pairs), pairs


def _cue_spans(text: str, cue: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    low = text.lower()
    c = cue.lower()
    i = low.find(c, max(0, lo - 200), hi + 200)
    while i >= 0:
        out.append((i, i + len(cue)))
        i = low.find(c, i + 1, hi + 200)
    if not out:
        i = low.find(c)
        if i >= 0:
            out.append((i, i + len(cue)))
    return out


def score_item(item: dict[str, Any], result: dict[str, Any], scores: Scores, log: list[str]) -> None:
    text = item["text"]
    claims = result.get("claims") or []
    sources = {s["id"]: s for s in result.get("sources") or []}
    pos = 0
    matched_pred: set[str] = set()
    for sent in item["sentences"]:
        start = text.find(sent["text"], pos)
        if start < 0:
            start = text.find(sent["text"])
        end = start + len(sent["text"])
        pos = max(pos, end)
        best, best_ov = None, 0
        for c in claims:
            ov = min(end, c["end"]) - max(start, c["start"])
            if ov > best_ov and c["id"] not in matched_pred:
                best, best_ov = c, ov
        gold_claim = bool(sent["claim"])
        if best is not None:
            matched_pred.add(best["id"])
        if gold_claim and best is not None:
            scores.claim.tp += 1
        elif gold_claim:
            scores.claim.fn += 1
            log.append(f"{item['id']} MISSED claim: {sent['text'][:100]}")
            continue
        elif best is not None:
            scores.claim.fp += 1
            log.append(f"{item['id']} FALSE claim ({best['status']}): {sent['text'][:100]}")
            continue
        else:
            continue
        assert best is not None
        # status
        g_status, p_status = sent.get("status") or "asserted", best.get("status")
        scores.status_n += 1
        scores.confusion[(g_status, str(p_status))] += 1
        if g_status == p_status:
            scores.status_ok += 1
            scores.status[g_status].tp += 1
        else:
            scores.status[g_status].fn += 1
            scores.status[str(p_status)].fp += 1
            log.append(
                f"{item['id']} STATUS gold={g_status} pred={p_status}: {sent['text'][:90]} | "
                f"{best.get('explanation', '')}"
            )
        # sources
        gold_src = sent.get("sources") or []
        pred_src = [sources[i] for i in best.get("sources") or [] if i in sources]
        n, pairs = _pairs(gold_src, pred_src, lambda g, p: names_match(g["name"], p["name"]))
        scores.source.add(Counts(n, len(pred_src) - n, len(gold_src) - n))
        if n != len(gold_src) or n != len(pred_src):
            log.append(
                f"{item['id']} SOURCES gold={[g['name'] for g in gold_src]} "
                f"pred={[p['name'] for p in pred_src]}: {sent['text'][:80]}"
            )
        for g, p in pairs:
            scores.kind_n += 1
            if g["kind"] == p["kind"]:
                scores.kind_ok += 1
            else:
                log.append(f"{item['id']} KIND {g['name']!r} gold={g['kind']} pred={p['kind']}")
        nk, _ = _pairs(gold_src, pred_src, lambda g, p: names_match(g["name"], p["name"]) and g["kind"] == p["kind"])
        scores.kind.add(Counts(nk, len(pred_src) - nk, len(gold_src) - nk))
        # cues
        gold_cues = [(c, _cue_spans(text, c, start, end)) for c in sent.get("cues") or []]
        pred_cues = [(c["start"], c["end"]) for c in best.get("status_cues") or []]

        def cue_match(g: tuple[str, list[tuple[int, int]]], p: tuple[int, int]) -> bool:
            return any(min(b, p[1]) - max(a, p[0]) > 0 for a, b in g[1])

        n, _ = _pairs(gold_cues, pred_cues, cue_match)
        scores.cue.add(Counts(n, len(pred_cues) - n, len(gold_cues) - n))


def run(items: Iterable[dict[str, Any]], *, analyzers: list[str]) -> dict[str, tuple[Scores, list[str]]]:
    from claimscope.model import Article
    from claimscope.pipeline import Pipeline

    pipeline = Pipeline(analyzers, on_error="raise")
    out: dict[str, tuple[Scores, list[str]]] = {}
    for item in items:
        lang = item.get("lang") or "en"
        scores, log = out.setdefault(lang, (Scores(), []))
        result = pipeline(Article.from_text(item["text"]), lang=lang).to_dict()
        score_item(item, result, scores, log)
    return out


def _row(name: str, c: Counts) -> str:
    return f"  {name:<22} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}   (tp {c.tp}, fp {c.fp}, fn {c.fn})"


def report(lang: str, s: Scores) -> list[str]:
    lines = [f"[{lang}]", _row("claim detection", s.claim)]
    acc = s.status_ok / s.status_n if s.status_n else 0.0
    lines.append(f"  {'status accuracy':<22} {acc:.3f}   ({s.status_ok}/{s.status_n} matched claims)")
    for st in STATUSES:
        if st in s.status:
            lines.append(_row(f"status {st}", s.status[st]))
    lines.append(_row("source name", s.source))
    kacc = s.kind_ok / s.kind_n if s.kind_n else 0.0
    lines.append(f"  {'source kind accuracy':<22} {kacc:.3f}   ({s.kind_ok}/{s.kind_n} matched sources)")
    lines.append(_row("source name+kind", s.kind))
    lines.append(_row("cue spans", s.cue))
    return lines


def load_items(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Gold items of every file; an item without a ``split`` field belongs to ``seen``."""
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item.setdefault("split", "seen")
                items.append(item)
    return items


def _add(total: Scores, s: Scores) -> None:
    total.claim.add(s.claim)
    total.status_ok += s.status_ok
    total.status_n += s.status_n
    total.source.add(s.source)
    total.kind_ok += s.kind_ok
    total.kind_n += s.kind_n
    total.kind.add(s.kind)
    total.cue.add(s.cue)
    for k, v in s.status.items():
        total.status[k].add(v)


def summary_row(split: str, lang: str, s: Scores) -> str:
    acc = s.status_ok / s.status_n if s.status_n else 0.0
    kacc = s.kind_ok / s.kind_n if s.kind_n else 0.0
    return (
        f"| {split} | {lang} | {s.claim.precision:.3f} / {s.claim.recall:.3f} / {s.claim.f1:.3f} | {acc:.3f} | "
        f"{s.source.f1:.3f} | {kacc:.3f} | {s.cue.f1:.3f} |"
    )


@click.command("claims", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help=f"Gold JSONL file(s) (default: {DEFAULT_GOLD} and {DEFAULT_UNSEEN}).",
)
@click.option(
    "--split",
    "split",
    type=click.Choice([*SPLITS, "all"]),
    default="all",
    show_default=True,
    help="seen: the original gold set; dev/test: the unseen set's parts; all: each of them, reported apart.",
)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Only this language.")
@click.option(
    "--batch",
    type=int,
    multiple=True,
    help="Only the unseen items of these gold batches (their `batch` field; batch 1 has none).",
)
@click.option(
    "--entities/--no-entities",
    default=True,
    show_default=True,
    help="Run the entities analyzer first when it is registered.",
)
@click.option("--errors", "show_errors", default=0, show_default=True, help="Print up to N mismatches per language.")
def command(
    gold: tuple[Path, ...], split: str, lang: str | None, batch: tuple[int, ...], entities: bool, show_errors: int
) -> None:
    """Precision, recall and F1 of claims, status, sources and cues on the claims gold sets."""
    from claimscope.analyzers import BUILTIN

    paths = list(gold) or [p for p in (DEFAULT_GOLD, DEFAULT_UNSEEN) if p.is_file()]
    if not paths:
        raise click.UsageError(f"gold file not found: {DEFAULT_GOLD} (pass --gold)")
    items = load_items(paths)
    if lang:
        items = [i for i in items if i.get("lang") == lang]
    if batch:
        items = [i for i in items if i["split"] != "seen" and i.get("batch", 1) in batch]
    names = [n for n, _ in BUILTIN]
    analyzers = (["entities.v1"] if entities and "entities.v1" in names else []) + ["claims.v1"]
    splits = [sp for sp in SPLITS if split in {sp, "all"} and any(i["split"] == sp for i in items)]
    click.echo(f"gold: {', '.join(map(str, paths))}; analyzers: {', '.join(analyzers)}")
    table = []
    for sp in splits:
        part = [i for i in items if i["split"] == sp]
        results = run(part, analyzers=analyzers)
        total = Scores()
        click.echo(f"\n== split {sp} ({len(part)} items) ==")
        for code in sorted(results):
            s, log = results[code]
            click.echo("\n".join(report(code, s)))
            for line in log[:show_errors]:
                click.echo(f"    - {line}")
            _add(total, s)
            table.append(summary_row(sp, code, s))
        if len(results) > 1:
            click.echo("\n".join(report("all", total)))
            table.append(summary_row(sp, "all", total))
    click.echo("\n| split | lang | claim P / R / F1 | status acc. | source name F1 | source kind acc. | cue F1 |")
    click.echo("|---|---|---|---|---|---|---|")
    click.echo("\n".join(table))


if __name__ == "__main__":
    command()
