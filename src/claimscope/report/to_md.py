"""A Markdown summary of an analysis, for tickets, chats and notes."""

from __future__ import annotations

from typing import Any

STATUS_ORDER = ("denied", "unconfirmed", "hedged", "attributed", "asserted", "questioned")


def _quote(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_md(result: dict[str, Any]) -> str:
    meta = result.get("metadata") or {}
    summary = result.get("summary") or {}
    lines: list[str] = [f"# {meta.get('title') or 'Untitled article'}", ""]
    facts = [
        ("Site", meta.get("site_name")),
        ("Published", meta.get("published")),
        ("Authors", ", ".join(meta.get("authors") or []) or None),
        ("URL", meta.get("canonical_url") or (result.get("input") or {}).get("url")),
        ("Language", f"{meta.get('language')} ({meta.get('language_score')})" if meta.get("language") else None),
        ("Genre", (result.get("genre") or {}).get("label")),
    ]
    lines += [f"- **{k}:** {v}" for k, v in facts if v]
    lines += [
        "",
        f"{summary.get('words', 0)} words, {summary.get('paragraphs', 0)} paragraphs, "
        f"{summary.get('claims', 0)} claims, {summary.get('sources', 0)} sources, "
        f"{summary.get('entities', 0)} entities, {summary.get('techniques', 0)} technique spans.",
        "",
    ]
    if summary.get("flags"):
        lines += ["## Flags", ""] + [f"- {f}" for f in summary["flags"]] + [""]

    claims = result.get("claims") or []
    sources = {s["id"]: s for s in result.get("sources") or []}
    if claims:
        counts = summary.get("claims_by_status") or {}
        lines += ["## Claims", "", " · ".join(f"{s}: {counts[s]}" for s in STATUS_ORDER if counts.get(s)), ""]
        for c in claims:
            names = ", ".join(sources[s]["name"] for s in c.get("sources") or [] if s in sources) or "the article"
            cues = "; ".join(f"“{q['text']}”" for q in c.get("status_cues") or [])
            lines.append(
                f"- **{c.get('status')}** — {_quote(c.get('text', ''))} — *source: {names}*"
                + (f" — cue: {cues}" if cues else "")
            )
        lines.append("")
    matched = [f for f in result.get("factchecks") or [] if f.get("match")]
    if matched:
        lines += ["## Fact-checks", ""]
        claim_text = {c.get("id"): c.get("text", "") for c in claims}
        for f in matched:
            v = f.get("review") or {}
            what = _quote(claim_text.get(f.get("claim")) or f.get("text") or "", 100)
            by = ", ".join(x for x in (v.get("publisher"), v.get("date")) if x)
            lines.append(
                f"- **{v.get('rating') or 'no rating given'}**"
                + (f" ({by})" if by else "")
                + f" — “{_quote(v.get('claim_reviewed') or '', 140)}”"
                + (f" — {v['url']}" if v.get("url") else "")
                + f" — for: {what} (similarity {f.get('similarity', 0):.2f})"
            )
        lines.append("")
    if sources:
        lines += ["## Sources", ""]
        for s in sources.values():
            lines.append(f"- {s.get('name')} ({s.get('kind')}, {len(s.get('mentions') or [])} mention(s))")
        lines.append("")
    if result.get("entities"):
        lines += ["## Entities", ""]
        for e in result["entities"]:
            aliases = ", ".join(a for a in e.get("aliases") or [] if a != e.get("name"))
            kb = f" [{e['kb_id']}]" if e.get("kb_id") else ""
            lines.append(f"- **{e.get('name')}** ({e.get('label')}){kb}" + (f" — also: {aliases}" if aliases else ""))
        lines.append("")
    if result.get("techniques"):
        lines += ["## Persuasion techniques", ""]
        text = result.get("text") or ""
        for t in result["techniques"]:
            lines.append(
                f"- {t.get('technique')} ({t.get('score', 0):.2f}): “{_quote(text[t['start'] : t['end']], 120)}”"
            )
        lines.append("")
    if result.get("frames"):
        lines += ["## Frames", "", ", ".join(f"{f['frame']} ({f.get('score', 0):.2f})" for f in result["frames"]), ""]
    if result.get("embeds"):
        lines += ["## Embedded posts", ""]
        for m in result["embeds"]:
            who = m.get("author") or m.get("handle") or "unknown"
            lines.append(
                f"- {m.get('kind')} by {who}"
                + (f" (@{m['handle']})" if m.get("handle") else "")
                + (f", {m['date']}" if m.get("date") else "")
                + (f": {m['url']}" if m.get("url") else "")
            )
        lines.append("")
    if result.get("removed"):
        lines += ["## Removed from the page", ""]
        lines += [f"- *{r['kind']}*: {_quote(r['text'], 100)}" for r in result["removed"]]
        lines.append("")
    if result.get("errors"):
        lines += ["## Analyzer errors", ""] + [
            f"- {e['analyzer']}: {e['code']} {e['message']}" for e in result["errors"]
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
