"""The match decision's second encoder (USE cosine) and its recall-at-a-precision-floor operating point."""

from __future__ import annotations

import numpy as np
import pytest

from claimscope.factcheck.features import Candidate, pair_features
from claimscope.factcheck.match_features import CROSS_MATCH_FEATURES, MATCH_FEATURES, UseSimilarity, match_features
from claimscope.factcheck.match_training import QueryMatch, choose, pair_metrics

PELOSI = "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020."
PELOSI_OTHER = "Photographs showed Nancy Pelosi receiving her COVID-19 vaccination in 2021."


def _match_x(query: str, claims: list[str], use_cos: np.ndarray | None) -> dict[str, np.ndarray]:
    cands = [Candidate(c, "", 5.0 - i, i, 0.9 - 0.1 * i, i) for i, c in enumerate(claims)]
    matrix = pair_features(query, None, cands)
    x = match_features(query, cands, matrix, np.linspace(0.9, 0.5, len(claims)), list(range(len(claims))), use_cos)
    return {name: x[:, j] for j, name in enumerate(MATCH_FEATURES)}


def test_match_use_columns_are_the_cosines_and_their_margin_over_the_best_other() -> None:
    claims = [PELOSI, PELOSI_OTHER, "A shark swam on a flooded highway."]
    f = _match_x("Pelosi says she'll resign if Trump wins", claims, np.asarray([0.8, 0.5, 0.1]))
    assert f["use_cos"].tolist() == pytest.approx([0.8, 0.5, 0.1])
    assert f["use_margin"].tolist() == pytest.approx([0.3, -0.3, -0.7])
    none = _match_x("Pelosi says she'll resign if Trump wins", claims, None)
    assert none["use_cos"].tolist() == [0.0, 0.0, 0.0] and none["use_margin"].tolist() == [0.0, 0.0, 0.0]
    assert {"use_cos", "use_margin"} <= set(CROSS_MATCH_FEATURES)  # USE is multilingual: kept across languages


def test_match_use_similarity_prefers_the_same_claim_across_languages_and_memoises() -> None:
    use = UseSimilarity(size=2)
    english = use("Nancy Pelosi says she will resign if Trump is re-elected", [PELOSI, PELOSI_OTHER])
    assert english[0] > english[1] + 0.1
    french = use("Nancy Pelosi a promis de démissionner si Donald Trump était réélu en 2020", [PELOSI, PELOSI_OTHER])
    assert french[0] > french[1]
    assert len(use._memo) == 2 and set(use._memo) == {PELOSI, PELOSI_OTHER}
    again = use("Nancy Pelosi says she will resign if Trump is re-elected", [PELOSI, PELOSI_OTHER])
    assert again == pytest.approx(english, abs=1e-5)  # memoised vectors: the same cosines
    use("Sharks on the highway", ["A shark swam on a flooded highway."])
    assert len(use._memo) == 2 and "A shark swam on a flooded highway." in use._memo  # bounded, oldest out
    assert use("anything", []).shape == (0,)


def _queries() -> tuple[list[QueryMatch], list[np.ndarray]]:
    """Ten claims with their review ranked first (eight likely, two at 0.25) and ten without (one at
    0.8, three at 0.3): the best F1 leaves the two out, a floor of 0.7 takes them and three errors."""
    queries, probs = [], []
    for i in range(10):
        queries.append(QueryMatch(i, [f"g{i}", f"o{i}"], np.asarray([1, 0]), np.zeros((2, 1)), {f"g{i}"}))
        probs.append(np.asarray([0.9 - 0.05 * i if i < 8 else 0.25, 0.05]))
    for i in range(10):
        queries.append(QueryMatch(10 + i, [f"n{i}"], np.asarray([0]), np.zeros((1, 1)), set()))
        probs.append(np.asarray([0.8 if i < 1 else (0.3 if i < 4 else 0.1)]))
    return queries, probs


def test_match_choose_with_a_floor_takes_the_most_recall_at_that_precision() -> None:
    queries, probs = _queries()
    t_f1, cap, best_f1 = choose(queries, probs, (1,))
    assert (t_f1, best_f1["recall"]) == (0.31, pytest.approx(0.8)) and best_f1["precision"] == pytest.approx(8 / 9)
    t_floor, cap_floor, at_floor = choose(queries, probs, (1,), floor=0.7)
    assert (t_floor, cap_floor) == (0.11, 1)
    assert at_floor["recall"] == pytest.approx(1.0) and at_floor["precision"] == pytest.approx(10 / 14)
    assert pair_metrics(queries, probs, t_floor, 1) == at_floor
    # a high floor keeps precision: only the surest two
    assert choose(queries, probs, (1,), floor=0.95)[2]["precision"] == 1.0
    # a floor no threshold reaches falls back to the best F1
    assert choose(queries, probs, (1,), floor=1.01)[:2] == (t_f1, cap)
