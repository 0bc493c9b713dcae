"""Tests of the check-worthiness helpers: rules, score blending and the shipped head."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.analyzers import _checkworthy as cw


@pytest.mark.parametrize(
    ("lang", "text", "rule", "sign"),
    [
        ("fr", "Il faut agir, et vite, avant qu'il ne soit trop tard.", "exhortation", -1),
        ("fr", "Je pense que cette réforme est une erreur.", "opinion", -1),
        ("fr", "La réunion a eu lieu le 18 juin 2024 à Idlib.", "date", 1),
        ("en", "We must act now, before it is too late.", "exhortation", -1),
        ("en", "The strike killed 40 people in Rafah on 3 May 2024.", "number", 1),
        ("en", "Why would anyone believe that?", "question", -1),
    ],
)
def test_checkworthy_rules_fire_in_both_languages(lang: str, text: str, rule: str, sign: int) -> None:
    delta, fired = cw.rule_adjustment(text, lang)
    assert rule in fired
    assert delta * sign > 0


@pytest.mark.parametrize(("prob", "threshold", "expected"), [(0.3, 0.3, 0.5), (0.0, 0.3, 0.0), (1.0, 0.3, 1.0)])
def test_checkworthy_combine_maps_threshold_to_half(prob: float, threshold: float, expected: float) -> None:
    assert cw.combine(prob, 0.0, threshold=threshold) == pytest.approx(expected)


def test_checkworthy_head_predicts_in_unit_interval() -> None:
    head = cw.Head(
        kind="logreg", weights=(np.ones(3, dtype=np.float32), np.zeros(1, dtype=np.float32)), threshold=0.5, meta={}
    )
    p = head.predict_proba(np.array([[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]], dtype=np.float32))
    assert p[0] > 0.9 and p[1] < 0.1


def test_checkworthy_shipped_head_is_small_and_loads() -> None:
    size = sum(f.stat().st_size for f in cw.MODEL_DIR.iterdir())
    assert size < 5 * 1024 * 1024
    head = cw.load_head()
    assert head is not None and 0.0 < head.threshold < 1.0
