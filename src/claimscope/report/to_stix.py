"""STIX 2.1 export: one bundle per analysis, for threat-intelligence tools (OpenCTI, MISP).

The bundle holds:

- a ``report`` for the article, whose ``object_refs`` list every other object;
- one ``attack-pattern`` per persuasion technique found, with a ``DISARM`` external reference for
  each DISARM Red Framework technique it maps to (``data/disarm_techniques.json``; techniques with
  no DISARM counterpart keep only their ``claimscope`` reference);
- one ``identity`` per source the article cites, and one for claimscope as the producer;
- one ``note`` per claim, with its evidential status and cue words;
- ``relationship`` objects: a claim note to the sources it is attributed to, a claim note to the
  techniques whose spans overlap it, and the report's techniques to the sources they occur with.

Ids are UUIDv5 and timestamps come from the analysis, so the same analysis always gives the same
bundle. Technique and named-source ids do not depend on the article, so tools merge them across
reports.
"""

from __future__ import annotations

import json
import uuid
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimscope.errors import ConfigError

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/claimscope/claimscope/stix")
"""UUIDv5 namespace of every id claimscope writes."""

EPOCH = "1970-01-01T00:00:00Z"
"""The timestamp used when an analysis has neither a fetch time nor a publication date."""

_IDENTITY_CLASS = {
    "named_outlet": "organization",
    "named_organization": "organization",
    "named_person": "individual",
    "embedded_post": "individual",
    "unnamed": "unknown",
    "document": "unknown",
}
_PER_ARTICLE_KINDS = frozenset({"unnamed", "document"})
"""Source kinds whose name ("a source close to...") does not identify the same party across articles."""


@lru_cache(maxsize=1)
def load_disarm_mapping() -> dict[str, Any]:
    """The SemEval-2023 technique to DISARM mapping shipped in ``data/disarm_techniques.json``."""
    text = files("claimscope").joinpath("data/disarm_techniques.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _stix2() -> Any:
    try:
        import stix2
    except ImportError:
        raise ConfigError("E203", package="stix2", hint="'claimscope[stix]'") from None
    return stix2


def _id(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join((kind, *parts)))}"


def _timestamp(result: dict[str, Any]) -> str:
    fetched = (result.get("input") or {}).get("fetched_at")
    published = (result.get("metadata") or {}).get("published")
    for value in (fetched, published):
        stamp = _normalise_time(value)
        if stamp:
            return stamp
    return EPOCH


def _normalise_time(value: Any) -> str | None:
    from datetime import UTC, datetime

    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _technique_refs(name: str) -> list[dict[str, str]]:
    entry = load_disarm_mapping()["techniques"].get(name) or {}
    refs = [
        {"source_name": "DISARM", "external_id": d["id"], "url": d["url"], "description": d["name"]}
        for d in entry.get("disarm") or []
    ]
    note = entry.get("note") or "not in claimscope's DISARM mapping"
    fit = entry.get("fit", "none")
    refs.append(
        {
            "source_name": "claimscope",
            "external_id": name,
            "description": f"SemEval-2023 Task 3 persuasion technique; DISARM fit: {fit}. {note}",
        }
    )
    return refs


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return int(a.get("start", 0)) < int(b.get("end", 0)) and int(b.get("start", 0)) < int(a.get("end", 0))


def build_bundle(result: dict[str, Any]) -> Any:
    """Build the ``stix2.Bundle`` for a contract dict.

    1. the producer identity and one identity per source;
    2. one attack-pattern per technique name (DISARM references from the shipped mapping);
    3. one note per claim (status, cues, sources);
    4. relationships: claim to source, claim to overlapping technique, technique to source;
    5. the report that lists them all, then the bundle.

    Raises:
        ConfigError: E203 when the ``stix2`` package is not installed.
    """
    from claimscope.report.to_html import TECHNIQUE_EXPLANATIONS

    stix2 = _stix2()
    analysis_id = str(result.get("id") or (result.get("input") or {}).get("sha256") or "analysis")
    when = _timestamp(result)
    meta = result.get("metadata") or {}
    lang = meta.get("language") or None
    common: dict[str, Any] = {"created": when, "modified": when}

    producer = stix2.Identity(
        id=_id("identity", "producer", "claimscope"),
        name="claimscope",
        identity_class="system",
        description="claimscope: evidence-linked dossiers of news articles",
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
    )
    by = {"created_by_ref": producer.id, **common}

    identities: dict[str, Any] = {}
    for source in result.get("sources") or []:
        kind = str(source.get("kind") or "unknown")
        name = str(source.get("name") or source.get("id") or "unnamed source")
        key = ("source", kind, name.casefold()) + ((analysis_id,) if kind in _PER_ARTICLE_KINDS else ())
        mentions = len(source.get("mentions") or [])
        identities[source["id"]] = stix2.Identity(
            id=_id("identity", *key),
            name=name,
            identity_class=_IDENTITY_CLASS.get(kind, "unknown"),
            description=f"Source cited by the article ({kind.replace('_', ' ')}, {mentions} mention(s))",
            **by,
        )

    techniques = result.get("techniques") or []
    patterns: dict[str, Any] = {}
    for name in sorted({str(t.get("technique")) for t in techniques if t.get("technique")}):
        patterns[name] = stix2.AttackPattern(
            id=_id("attack-pattern", "semeval2023", name),
            name=name.replace("_", " "),
            description=TECHNIQUE_EXPLANATIONS.get(name, name),
            external_references=_technique_refs(name),
            created="2026-01-01T00:00:00Z",
            modified="2026-01-01T00:00:00Z",
            created_by_ref=producer.id,
        )

    notes: list[Any] = []
    relationships: list[Any] = []
    report_id = _id("report", analysis_id)

    def relate(source_ref: str, target_ref: str, description: str) -> None:
        relationships.append(
            stix2.Relationship(
                id=_id("relationship", analysis_id, source_ref, target_ref),
                relationship_type="related-to",
                source_ref=source_ref,
                target_ref=target_ref,
                description=description,
                **by,
            )
        )

    for claim in result.get("claims") or []:
        status = str(claim.get("status") or "asserted")
        cues = [str(c.get("text", "")) for c in claim.get("status_cues") or []]
        sources = [identities[s] for s in claim.get("sources") or [] if s in identities]
        lines = [
            claim.get("text") or "",
            "",
            f"Evidential status: {status}",
            "Cues: " + ("; ".join(f"“{c}”" for c in cues) if cues else "none"),
            "Sources: " + (", ".join(s.name for s in sources) if sources else "none given"),
        ]
        if isinstance(claim.get("checkworthiness"), int | float):
            lines.append(f"Check-worthiness: {claim['checkworthiness']:.2f}")
        lines.append(f"Characters {claim.get('start')}-{claim.get('end')} of the article text ({claim.get('id')})")
        note = stix2.Note(
            id=_id("note", analysis_id, str(claim.get("id"))),
            abstract=f"Claim ({status}): {(claim.get('text') or '')[:120]}",
            content="\n".join(lines),
            object_refs=[report_id, *(s.id for s in sources)],
            labels=[f"claim-status:{status}"],
            **({"lang": lang} if lang else {}),
            **by,
        )
        notes.append(note)
        for identity in sources:
            relate(note.id, identity.id, f"claim attributed to {identity.name}")
        for name in sorted({str(t.get("technique")) for t in techniques if _overlaps(t, claim)} & set(patterns)):
            relate(note.id, patterns[name].id, f"claim worded with {name.replace('_', ' ')}")

    for name, pattern in patterns.items():
        spans = [t for t in techniques if t.get("technique") == name]
        for source in result.get("sources") or []:
            if source["id"] in identities and any(_overlaps(m, t) for m in source.get("mentions") or [] for t in spans):
                label = name.replace("_", " ")
                relate(identities[source["id"]].id, pattern.id, f"{label} near a mention of this source")

    summary = result.get("summary") or {}
    url = meta.get("canonical_url") or (result.get("input") or {}).get("url")
    unique = {o.id: o for o in [producer, *identities.values(), *patterns.values(), *notes, *relationships]}
    objects = list(unique.values())
    report = stix2.Report(
        id=report_id,
        name=meta.get("title") or "Untitled article",
        description="\n".join(summary.get("flags") or []) or None,
        published=_normalise_time(meta.get("published")) or when,
        report_types=["threat-report"],
        object_refs=[o.id for o in objects],
        external_references=[{"source_name": "article", "url": url}] if url else None,
        labels=["claimscope-dossier"],
        **({"lang": lang} if lang else {}),
        **by,
    )
    return stix2.Bundle(report, *objects, id=_id("bundle", analysis_id, str(result.get("version") or "")))


def render_stix(result: dict[str, Any]) -> str:
    """Render a contract dict as a STIX 2.1 bundle (indented JSON)."""
    return str(build_bundle(result).serialize(pretty=True))


__all__ = ["EPOCH", "NAMESPACE", "build_bundle", "load_disarm_mapping", "render_stix"]
