"""The match decision's cross-encoder: its columns, its runtime against the exported reference, the matcher's use."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimscope.errors import FactCheckError
from claimscope.factcheck.cross_encoder import (
    MODEL_FILE,
    NOT_SCORED,
    SCORED,
    CrossEncoder,
    load_cross_encoder,
    pair_ids,
    passage_text,
)
from claimscope.factcheck.features import Candidate, pair_features
from claimscope.factcheck.match_features import CROSS_MATCH_FEATURES, MATCH_FEATURES, ce_columns, match_features

PELOSI = "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020."
PELOSI_OTHER = "Photographs showed Nancy Pelosi receiving her COVID-19 vaccination in 2021."


def test_ce_columns_are_the_logits_of_the_read_candidates_and_their_margin() -> None:
    cols = ce_columns(np.asarray([2.0, -1.0]), 5)
    assert cols[:, 0].tolist() == [2.0, -1.0, NOT_SCORED, NOT_SCORED, NOT_SCORED]
    assert cols[:, 1].tolist() == [3.0, -3.0, 0.0, 0.0, 0.0]
    one = ce_columns(np.asarray([1.5]), 3)  # one read candidate: -10 stands for the other
    assert one[0].tolist() == [1.5, 11.5] and one[1].tolist() == [NOT_SCORED, 0.0]
    not_read = ce_columns(np.asarray([np.nan, 0.5]), 2)  # NaN: a candidate in another language
    assert not_read.tolist() == [[NOT_SCORED, 0.0], [0.5, 10.5]]
    assert ce_columns(None, 2).tolist() == [[NOT_SCORED, 0.0], [NOT_SCORED, 0.0]]


def test_ce_columns_sit_in_the_match_matrix_but_not_in_the_cross_lingual_model() -> None:
    claims = [PELOSI, PELOSI_OTHER, "A shark swam on a flooded highway."]
    cands = [Candidate(c, "", 5.0 - i, i, 0.9 - 0.1 * i, i) for i, c in enumerate(claims)]
    matrix = pair_features("Pelosi says she'll resign if Trump wins", None, cands)
    x = match_features("Pelosi says she'll resign", cands, matrix, np.linspace(0.9, 0.5, 3), [0, 1, 2], ce=np.ones(2))
    ce, margin = MATCH_FEATURES.index("ce"), MATCH_FEATURES.index("ce_margin")
    assert x[:, ce].tolist() == [1.0, 1.0, NOT_SCORED] and x[:, margin].tolist() == [0.0, 0.0, 0.0]
    assert not {"ce", "ce_margin"} & set(CROSS_MATCH_FEATURES)


def test_pair_ids_truncate_each_side_and_join_them_as_in_training() -> None:
    from claimscope.encoder.tokenizer import load_tokenizer

    tok = load_tokenizer()
    ids = pair_ids(tok, "word " * 200, "other " * 200)
    assert len(ids) == 64 + 1 + 80
    assert ids[0] == tok.bos and ids[63] == tok.eos and ids[64] == tok.eos and ids[-1] == tok.eos
    assert passage_text("The claim.", "The claim.") == "The claim."
    assert passage_text("The claim.", "Headline") == "Headline. The claim."
    assert passage_text("The claim.", "") == "The claim."


def test_cross_encoder_runtime_reproduces_the_exported_reference() -> None:
    reference = json.loads((MODEL_FILE.parent / "cross_encoder_reference.json").read_text(encoding="utf-8"))
    model = load_cross_encoder()
    for row in reference:
        (logit,) = model.logits(row["query"], [row["passage"]])
        assert logit == pytest.approx(row["onnx"], abs=0.15)  # int8 kernels differ by CPU
        assert logit == pytest.approx(row["torch"], abs=0.5)  # quantisation error of the whole graph


def test_cross_encoder_separates_a_check_of_the_claim_from_a_review_about_the_same_person() -> None:
    model = load_cross_encoder()
    same, other = model.logits(
        "Pelosi says she'll resign if Trump gets re-elected",
        [passage_text(PELOSI, "Did Pelosi promise to resign?"), passage_text(PELOSI_OTHER, "Pelosi vaccinated")],
    )
    assert same > other + 1.0


def test_cross_encoder_missing_graph_is_a_coded_error(tmp_path) -> None:
    with pytest.raises(FactCheckError) as err:
        CrossEncoder(tmp_path / "missing.onnx")
    assert err.value.code == "E656"


def test_matcher_reads_only_the_first_same_language_candidates() -> None:
    from claimscope.factcheck.match import Matcher

    matcher = Matcher.__new__(Matcher)  # only cross_logits is exercised: no index needed
    cands = [Candidate(c, "", 1.0, 0, 0.5, 0) for c in (PELOSI, PELOSI_OTHER, PELOSI)]
    out = matcher.cross_logits("Pelosi will resign", cands, [0, 1, 2], np.asarray([False, True, False]))
    assert len(out) == SCORED and not np.isnan(out[0]) and np.isnan(out[1])
    assert out[0] == pytest.approx(load_cross_encoder().logits("Pelosi will resign", [PELOSI])[0])
