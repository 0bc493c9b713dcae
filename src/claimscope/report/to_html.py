"""A self-contained HTML report: one file, no network, readable on a phone and on a desk.

Every highlighted span carries a short explanation shown on hover, focus or tap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from itertools import pairwise
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from claimscope.semeval.explanations import TECHNIQUE_EXPLANATIONS

STATUS_LABELS = {
    "denied": "denied",
    "unconfirmed": "unconfirmed",
    "hedged": "hedged",
    "attributed": "attributed",
    "asserted": "asserted",
    "questioned": "questioned",
}


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    css: str
    tip: str


def collect_marks(result: dict[str, Any]) -> tuple[list[Mark], dict[str, list[dict[str, Any]]]]:
    """Highlight marks from every layer, and paragraph-level technique tags per paragraph id."""
    marks: list[Mark] = []
    para_tags: dict[str, list[dict[str, Any]]] = defaultdict(list)
    paragraphs = {p["id"]: p for p in result.get("paragraphs") or []}
    sources = {s["id"]: s for s in result.get("sources") or []}
    explain = TECHNIQUE_EXPLANATIONS

    for c in result.get("claims") or []:
        names = ", ".join(sources[s]["name"] for s in c.get("sources") or [] if s in sources)
        tip = f"Claim · {c.get('status')}" + (f" · source: {names}" if names else " · no source given")
        if c.get("explanation"):
            tip += f"\n{c['explanation']}"
        marks.append(Mark(c["start"], c["end"], f"claim st-{c.get('status')}", tip))
        for cue in c.get("status_cues") or []:
            marks.append(Mark(cue["start"], cue["end"], "cue", f"Cue for “{c.get('status')}”"))
    for s in result.get("sources") or []:
        for m in s.get("mentions") or []:
            marks.append(
                Mark(m["start"], m["end"], "src", f"Source · {s.get('kind', '').replace('_', ' ')}: {s.get('name')}")
            )
    for e in result.get("entities") or []:
        kb = f" · {e['kb_id']}" if e.get("kb_id") else ""
        aliases = [a for a in e.get("aliases") or [] if a != e.get("name")]
        also = f"\nalso written: {', '.join(aliases)}" if aliases else ""
        for m in e.get("mentions") or []:
            marks.append(Mark(m["start"], m["end"], "ent", f"{e.get('label')} · {e.get('name')}{kb}{also}"))
    strong = strongest_techniques(result)
    strong_ids = {id(t) for t in strong}
    for t in result.get("techniques") or []:
        name = t.get("technique", "")
        expl = t.get("explanation") or explain.get(name, "")
        para = paragraphs.get(t.get("paragraph") or "")
        whole = t.get("level") == "paragraph" or (
            para is not None and t["start"] <= para["start"] and t["end"] >= para["end"]
        )
        if whole and para is not None:
            para_tags[para["id"]].append({"technique": name, "score": t.get("score"), "explanation": expl})
        else:
            score = f" ({t['score']:.2f})" if isinstance(t.get("score"), int | float) else ""
            css = "tech" if id(t) in strong_ids else "tech weak"
            marks.append(Mark(t["start"], t["end"], css, f"{name.replace('_', ' ')}{score}\n{expl}".strip()))
    return marks, para_tags


STRONG_SPANS = 12  # technique highlights on the first screen; the rest behind the "all techniques" toggle
STRONG_PER_TECHNIQUE = 3


def strongest_techniques(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The technique highlights shown by default: lexicon matches (unmistakable labels such as
    "terroristes", stock phrases such as "chair à canon", whatever the model scored them), then the
    best-scoring spans, a few per technique."""
    spans = [t for t in result.get("techniques") or [] if t.get("level") != "paragraph"]
    spans.sort(key=lambda t: (t.get("evidence") != "lexicon", -(t.get("score") or 0.0)))
    out: list[dict[str, Any]] = []
    per: dict[str, int] = defaultdict(int)
    for t in spans:
        name = t.get("technique", "")
        if per[name] < STRONG_PER_TECHNIQUE and len(out) < STRONG_SPANS:
            per[name] += 1
            out.append(t)
    return out


def highlight(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    """The slice ``text[start:end]`` as HTML, with overlapping marks flattened into segments."""
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    points = {start, end}
    for m in inside:
        points.add(max(m.start, start))
        points.add(min(m.end, end))
    cuts = sorted(points)
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = str(escape(text[a:b])).replace("\n", "<br>")
        active = [m for m in inside if m.start <= a and m.end >= b]
        if not active:
            out.append(piece)
            continue
        css = " ".join(sorted({c for m in active for c in m.css.split()}))
        tip = "\n".join(dict.fromkeys(m.tip for m in active))
        out.append(f'<span class="m {css}" tabindex="0" data-tip="{escape(tip)}">{piece}</span>')
    return Markup("".join(out))


def render_html(result: dict[str, Any]) -> str:
    """Render a contract dict as one standalone HTML page."""
    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(files("claimscope").joinpath("report/templates/report.html").read_text("utf-8"))
    text = result.get("text") or ""
    marks, para_tags = collect_marks(result)
    embeds = {m.get("paragraph"): m for m in result.get("embeds") or []}
    paragraphs = [
        {
            **p,
            "html": highlight(text, p["start"], p["end"], marks),
            "tags": para_tags.get(p["id"], []),
            "embed": embeds.get(p["id"]),
        }
        for p in result.get("paragraphs") or []
    ]
    sources = {s["id"]: s for s in result.get("sources") or []}
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sources.values():
        by_kind[s.get("kind", "other")].append(s)
    return template.render(
        r=result,
        meta=result.get("metadata") or {},
        summary=result.get("summary") or {},
        paragraphs=paragraphs,
        sources=sources,
        sources_by_kind=dict(by_kind),
        explain=TECHNIQUE_EXPLANATIONS,
        status_labels=STATUS_LABELS,
        strongest=[
            {**t, "quote": text[t["start"] : t["end"]]} for t in strongest_techniques(result)[:STRONG_FIRST_SCREEN]
        ],
        weak_techniques=sum(1 for m in marks if "weak" in m.css.split()),
        factchecks=matched_factchecks(result),
    )


def matched_factchecks(result: dict[str, Any]) -> dict[str | None, list[dict[str, Any]]]:
    """Reviews flagged as matches, by claim id (None: the whole text was matched), best first."""
    out: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for f in sorted(result.get("factchecks") or [], key=lambda f: (f.get("rank", 0), -f.get("similarity", 0))):
        if f.get("match"):
            out[f.get("claim")].append(f)
    return dict(out)


STRONG_FIRST_SCREEN = 6  # listed under "Strongest findings" in the overview
