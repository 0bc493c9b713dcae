def test_predictor_single_word_spans_need_a_high_score() -> None:
    from claimscope.semeval.predictor import _single_word_ok

    text = "les terroristes en Syrie"
    cfg = {"span_single_min": 0.65, "span_name_min": 0.7}
    assert _single_word_ok(text, (4, 15, 0.66), cfg)  # "terroristes"
    assert not _single_word_ok(text, (4, 15, 0.6), cfg)
    assert not _single_word_ok(text, (19, 24, 0.68), cfg)  # "Syrie": a name needs 0.7
    assert _single_word_ok(text, (19, 24, 0.72), cfg)
    assert _single_word_ok(text, (19, 24, 0.1), {})  # no setting: every word is kept
