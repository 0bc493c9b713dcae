"""STIX 2.1 export: objects, DISARM references from the shipped mapping, determinism, validity."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

pytest.importorskip("stix2", reason="the stix extra (stix2) is not installed")
stix2validator = pytest.importorskip("stix2validator", reason="stix2-validator (dev extra) is not installed")

from claimscope.report import render  # noqa: E402
from claimscope.report.to_stix import EPOCH, load_disarm_mapping, render_stix  # noqa: E402
from claimscope.semeval.explanations import TECHNIQUE_EXPLANATIONS  # noqa: E402

TEXT = "Kiev demande des combattants\n\nSelon Lekolin, des terroristes auraient rencontré la délégation."


def _result(**changes: Any) -> dict[str, Any]:
    claim_start = TEXT.index("Selon")
    result: dict[str, Any] = {
        "schema": "claimscope/analysis@1",
        "version": "0.1.0",
        "id": "0123456789abcdef",
        "input": {"kind": "url", "url": "https://example.org/a", "fetched_at": "2026-11-20T08:30:00+00:00"},
        "metadata": {"title": "Kiev demande des combattants", "published": "2024-11-19", "language": "fr"},
        "text": TEXT,
        "sources": [
            {"id": "src0", "name": "Lekolin", "kind": "named_outlet", "mentions": [{"start": 35, "end": 42}]},
            {"id": "src1", "name": "une source", "kind": "unnamed", "mentions": []},
        ],
        "claims": [
            {
                "id": "c0",
                "start": claim_start,
                "end": len(TEXT),
                "text": TEXT[claim_start:],
                "status": "hedged",
                "status_cues": [{"start": 60, "end": 68, "text": "auraient"}],
                "sources": ["src0"],
                "checkworthiness": 0.8,
            }
        ],
        "techniques": [
            {"technique": "Name_Calling-Labeling", "paragraph": "p1", "start": 47, "end": 58, "score": 0.9},
            {"technique": "Loaded_Language", "paragraph": "p1", "start": 47, "end": 58, "score": 0.7},
        ],
        "summary": {"flags": ["1 hedged claim"]},
    }
    result.update(changes)
    return result


def _objects(bundle_text: str, kind: str) -> list[dict[str, Any]]:
    return [o for o in json.loads(bundle_text)["objects"] if o["type"] == kind]


def test_to_stix_bundle_is_valid_stix_2_1() -> None:
    outcome = stix2validator.validate_string(render_stix(_result()), stix2validator.ValidationOptions(version="2.1"))
    assert outcome.is_valid, [str(e) for e in outcome.errors]


def test_to_stix_is_deterministic_and_ids_are_uuid5() -> None:
    first, second = render_stix(_result()), render_stix(_result())
    assert first == second
    for obj in json.loads(first)["objects"]:
        assert re.fullmatch(r"[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", obj["id"])
    assert render_stix(_result(id="fedcba9876543210")) != first


def test_to_stix_attack_patterns_carry_disarm_references_from_the_mapping() -> None:
    patterns = {p["name"]: p for p in _objects(render_stix(_result()), "attack-pattern")}
    smear = [r for r in patterns["Name Calling-Labeling"]["external_references"] if r["source_name"] == "DISARM"]
    assert [r["external_id"] for r in smear] == ["T0135.001"]
    assert smear[0]["url"].endswith("/T0135.001.md")
    loaded = patterns["Loaded Language"]["external_references"]
    assert [r["source_name"] for r in loaded] == ["claimscope"]  # no DISARM technique fits
    assert "fit: none" in loaded[0]["description"]


def test_to_stix_identities_notes_relationships_and_report() -> None:
    text = render_stix(_result())
    objects = {o["id"]: o for o in json.loads(text)["objects"]}
    identities = [o for o in objects.values() if o["type"] == "identity" and o["name"] != "claimscope"]
    assert {(i["name"], i["identity_class"]) for i in identities} == {
        ("Lekolin", "organization"),
        ("une source", "unknown"),
    }
    (note,) = _objects(text, "note")
    assert "Evidential status: hedged" in note["content"] and "“auraient”" in note["content"]
    assert note["labels"] == ["claim-status:hedged"]
    for rel in _objects(text, "relationship"):
        assert rel["source_ref"] in objects and rel["target_ref"] in objects
    described = {r["description"] for r in _objects(text, "relationship")}
    assert "claim attributed to Lekolin" in described
    assert "claim worded with Name Calling-Labeling" in described
    (report,) = _objects(text, "report")
    assert set(report["object_refs"]) == set(objects) - {report["id"]}
    assert report["published"] == "2024-11-19T00:00:00Z" and report["created"] == "2026-11-20T08:30:00.000Z"


def test_to_stix_named_sources_and_techniques_share_ids_across_articles() -> None:
    one = {o["name"]: o["id"] for o in _objects(render_stix(_result()), "identity")}
    other = {o["name"]: o["id"] for o in _objects(render_stix(_result(id="fedcba9876543210")), "identity")}
    assert one["Lekolin"] == other["Lekolin"]
    assert one["une source"] != other["une source"]  # an unnamed source is not the same party elsewhere


def test_to_stix_without_times_or_findings_still_gives_a_valid_bundle() -> None:
    bare = _result(input={"kind": "text"}, metadata={}, sources=[], claims=[], techniques=[], summary={})
    text = render(bare, "stix")
    (report,) = _objects(text, "report")
    assert report["created"] == EPOCH.replace("Z", ".000Z") and report["name"] == "Untitled article"
    outcome = stix2validator.validate_string(text, stix2validator.ValidationOptions(version="2.1"))
    assert outcome.is_valid


def test_to_stix_mapping_covers_every_technique_with_well_formed_disarm_ids() -> None:
    mapping = load_disarm_mapping()
    assert mapping["source"]["repository"] == "https://github.com/DISARMFoundation/DISARMframeworks"
    assert re.fullmatch(r"[0-9a-f]{40}", mapping["source"]["commit"])
    assert set(mapping["techniques"]) == set(TECHNIQUE_EXPLANATIONS)
    for name, entry in mapping["techniques"].items():
        assert entry["fit"] in {"close", "partial", "none"}, name
        assert (entry["fit"] == "none") == (not entry["disarm"]), name
        assert entry["note"], name
        for d in entry["disarm"]:
            assert re.fullmatch(r"T\d{4}(\.\d{3})?", d["id"]) and d["name"], name
            assert d["url"].endswith(f"/generated_pages/techniques/{d['id']}.md"), name
