"""``claimscope eval entities``: grouping pairs and linking accuracy on the entities gold set.

Gold file (JSONL), one text per line::

    {"id": "fr-01", "lang": "fr", "text": "...",
     "entities": [{"name": "...", "label": "ORG", "qid": "Q..." | null, "mentions": ["HTŞ", "Hay’at Tahrir al-Sham"]}]}

Scoring, per text:

- a *form* is one gold entity's surface string; its occurrences are found in the text (longest
  strings first, whole words only) and it belongs to the predicted entity holding most of them;
- pairs of forms: gold-same when both belong to one gold entity; predicted-same when both were
  found and fall in one predicted entity. Precision, recall and F1 of predicted-same pairs, and the
  share of all pairs (same and different) predicted right;
- linking accuracy over gold entities with a QID: the predicted entity holding most of its forms
  has that QID. Gold entities without a QID are reported apart (how many got one anyway).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import click

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = REPO_ROOT / "tests" / "eval" / "gold" / "entities.jsonl"
DEFAULT_EXCERPT = REPO_ROOT / "tests" / "fixtures" / "wikidata" / "excerpt.json"


@dataclass(slots=True)
class Scores:
    tp: int = 0
    pred_same: int = 0
    gold_same: int = 0
    pairs: int = 0
    pairs_right: int = 0
    occurrences: int = 0
    found: int = 0
    links: int = 0
    links_right: int = 0
    null_gold: int = 0
    null_gold_linked: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / self.pred_same if self.pred_same else 1.0
        r = self.tp / self.gold_same if self.gold_same else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "pair_precision": round(p, 4),
            "pair_recall": round(r, 4),
            "pair_f1": round(f1, 4),
            "pair_accuracy": round(self.pairs_right / self.pairs, 4) if self.pairs else 1.0,
            "pairs": self.pairs,
            "gold_same_pairs": self.gold_same,
            "predicted_same_pairs": self.pred_same,
            "mention_recall": round(self.found / self.occurrences, 4) if self.occurrences else 1.0,
            "linking_accuracy": round(self.links_right / self.links, 4) if self.links else None,
            "links": self.links,
            "null_gold": self.null_gold,
            "null_gold_linked": self.null_gold_linked,
        }


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out = []
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() and needle[0].isalnum()) and not (after.isalnum() and needle[-1].isalnum()):
            out.append((start, end))
        start = text.find(needle, start + 1)
    return out


def score_document(gold: dict[str, Any], predicted: list[dict[str, Any]], scores: Scores) -> None:
    """Add one text's pairs, mentions and links to ``scores``."""
    text = gold["text"]
    forms: list[tuple[int, str]] = [
        (i, m) for i, ent in enumerate(gold["entities"]) for m in dict.fromkeys(ent["mentions"])
    ]
    claimed: list[tuple[int, int]] = []
    occ: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for gi, form in sorted(forms, key=lambda f: -len(f[1])):
        spans = [s for s in _occurrences(text, form) if not any(a < s[1] and s[0] < b for a, b in claimed)]
        claimed.extend(spans)
        occ[(gi, form)] = spans
    spans_pred = [(m["start"], m["end"], ent["id"]) for ent in predicted for m in ent["mentions"]]
    assigned: dict[tuple[int, str], str | None] = {}
    for key, spans in occ.items():
        hits: Counter[str] = Counter()
        for a, b in spans:
            scores.occurrences += 1
            best = max(((min(b, e) - max(a, s), eid) for s, e, eid in spans_pred if s < b and a < e), default=None)
            if best is not None:
                scores.found += 1
                hits[best[1]] += 1
        assigned[key] = hits.most_common(1)[0][0] if hits else None
        if not spans:
            scores.errors.append(f"{gold['id']}: gold mention {key[1]!r} not in text")
    keys = list(occ)
    for (g1, f1), (g2, f2) in combinations(keys, 2):
        gold_same = g1 == g2
        p1, p2 = assigned[(g1, f1)], assigned[(g2, f2)]
        pred_same = p1 is not None and p1 == p2
        scores.pairs += 1
        scores.gold_same += gold_same
        scores.pred_same += pred_same
        scores.tp += gold_same and pred_same
        scores.pairs_right += gold_same == pred_same
        if gold_same != pred_same:
            kind = "split" if gold_same else "merged"
            scores.errors.append(f"{gold['id']}: {kind} {f1!r} / {f2!r}")
    by_id = {ent["id"]: ent for ent in predicted}
    for gi, ent in enumerate(gold["entities"]):
        votes = Counter(assigned[(gi, f)] for f in dict.fromkeys(ent["mentions"]) if assigned.get((gi, f)))
        pred = by_id.get(votes.most_common(1)[0][0]) if votes else None
        got = pred.get("kb_id") if pred else None
        if ent.get("qid"):
            scores.links += 1
            scores.links_right += got == ent["qid"]
            if got != ent["qid"]:
                scores.errors.append(f"{gold['id']}: link {ent['name']!r} gold {ent['qid']} got {got}")
        else:
            scores.null_gold += 1
            scores.null_gold_linked += got is not None


def evaluate(gold_path: Path, kb: str | None, *, limit: int | None = None) -> Scores:
    from claimscope.analyzers.entities import EntitiesAnalyzer
    from claimscope.model import Analysis, Article
    from claimscope.nlp import parse_article

    analyzer = EntitiesAnalyzer(kb=kb)
    scores = Scores()
    with open(gold_path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    for doc in docs[:limit]:
        article = Article.from_text(doc["text"])
        result = Analysis(article=article, parsed=parse_article(article, lang=doc.get("lang")))
        predicted = [dict(ann.data) for ann in analyzer(result)]
        score_document(doc, predicted, scores)
    return scores


def build_excerpt_kb(directory: Path) -> str | None:
    if not DEFAULT_EXCERPT.exists():
        return None
    from claimscope.kb.wikidata import import_dump

    db = directory / "excerpt.sqlite"
    import_dump(DEFAULT_EXCERPT, db, langs=("en", "fr"), progress=False)
    return str(db)


@click.command(name="entities")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Gold JSONL file; default: tests/eval/gold/entities.jsonl in the checkout.",
)
@click.option(
    "--kb",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Knowledge base; default: one built on the fly from tests/fixtures/wikidata/excerpt.json.",
)
@click.option("--no-kb", is_flag=True, help="Link with the curated alias table only.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List the wrong pairs and links.")
def command(gold: Path | None, kb: str | None, no_kb: bool, as_json: bool, verbose: bool) -> None:
    """Entities: precision/recall of same-entity mention pairs and linking accuracy on a gold set."""
    gold = gold or DEFAULT_GOLD
    if not gold.is_file():
        raise click.BadParameter(f"{gold} not found (run from a checkout or pass --gold)", param_hint="--gold")
    with tempfile.TemporaryDirectory() as tmp:
        kb_path = None if no_kb else (kb or build_excerpt_kb(Path(tmp)))
        scores = evaluate(gold, kb_path)
    out = scores.as_dict()
    out["kb"] = "none" if kb_path is None else (kb or "excerpt")
    if as_json:
        click.echo(json.dumps(out, indent=2))
    else:
        click.echo(f"gold: {gold}  kb: {out['kb']}")
        click.echo(
            f"pairs  P {out['pair_precision']:.3f}  R {out['pair_recall']:.3f}  F1 {out['pair_f1']:.3f}  "
            f"accuracy {out['pair_accuracy']:.3f}  ({out['pairs']} pairs, {out['gold_same_pairs']} same)"
        )
        la = out["linking_accuracy"]
        click.echo(
            f"links  accuracy {la:.3f} ({out['links']} gold QIDs); "
            f"{out['null_gold_linked']}/{out['null_gold']} gold-null entities got a QID"
            if la is not None
            else "links  no gold QIDs"
        )
        click.echo(f"mentions  recall {out['mention_recall']:.3f}")
    if verbose:
        for err in scores.errors:
            click.echo(f"  {err}", err=True)
