"""The summary block: short counts and headline flags computed from a contract dict."""

from __future__ import annotations

from collections import Counter
from typing import Any

STATUSES = ("denied", "unconfirmed", "hedged", "attributed", "asserted", "questioned")


def summarize(result: dict[str, Any]) -> dict[str, Any]:
    """Counts per layer and plain-language flags for the first screen of a report."""
    claims = result.get("claims") or []
    sources = result.get("sources") or []
    techniques = result.get("techniques") or []
    status_counts = Counter(c.get("status") for c in claims)
    source_kinds = Counter(s.get("kind") for s in sources)
    technique_counts = Counter(t.get("technique") for t in techniques)
    flags: list[str] = []

    n_claims = len(claims)
    if n_claims:
        by_source = Counter(sid for c in claims for sid in c.get("sources") or [])
        names = {s.get("id"): s for s in sources}
        sourced = sum(1 for c in claims if c.get("sources"))
        if by_source:
            top, count = by_source.most_common(1)[0]
            if count * 2 > n_claims and top in names:
                flags.append(f"{count} of {n_claims} claims rest on a single source: {names[top].get('name')}")
            elif sourced >= 3 and count * 2 > sourced and top in names:
                flags.append(
                    f"{count} of the {sourced} sourced claims rest on a single source: {names[top].get('name')}"
                )
        unnamed = {s.get("id") for s in sources if s.get("kind") == "unnamed"}
        n_unnamed = sum(1 for c in claims if set(c.get("sources") or []) & unnamed)
        if unnamed and n_unnamed * 2 >= n_claims:
            flags.append(f"{n_unnamed} of {n_claims} claims rest on unnamed sources")
        elif unnamed and sourced >= 3 and n_unnamed * 2 > sourced:
            flags.append(f"{n_unnamed} of the {sourced} sourced claims rest on unnamed sources")
        weak = status_counts.get("unconfirmed", 0)
        if weak:
            flags.append(f"{weak} claim(s) the article itself says are unconfirmed")
        denied = status_counts.get("denied", 0)
        if denied:
            flags.append(f"{denied} claim(s) denied by a party named in the text")
        asserted = status_counts.get("asserted", 0)
        if asserted * 2 > n_claims:
            flags.append(f"{asserted} of {n_claims} claims are asserted with no source")
    if techniques:
        top_tech = ", ".join(f"{name} ({n})" for name, n in technique_counts.most_common(3))
        flags.append(f"persuasion techniques: {top_tech}")
    if result.get("embeds"):
        flags.append(f"{len(result['embeds'])} embedded post(s) used in the text")

    genre = result.get("genre") or {}
    return {
        "words": len((result.get("text") or "").split()),
        "paragraphs": len(result.get("paragraphs") or []),
        "sentences": len(result.get("sentences") or []),
        "removed": len(result.get("removed") or []),
        "embeds": len(result.get("embeds") or []),
        "entities": len(result.get("entities") or []),
        "sources": len(sources),
        "sources_by_kind": dict(source_kinds),
        "source_names_by_kind": {
            kind: [str(s.get("name")) for s in sources if s.get("kind") == kind] for kind in source_kinds
        },
        "claims": n_claims,
        "claims_by_status": {s: status_counts.get(s, 0) for s in STATUSES if status_counts.get(s)},
        "techniques": len(techniques),
        "techniques_by_name": dict(technique_counts.most_common()),
        "frames": [f.get("frame") for f in (result.get("frames") or [])[:3]],
        "genre": genre.get("label") if isinstance(genre, dict) else None,
        "flags": flags,
    }
