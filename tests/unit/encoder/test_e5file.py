from __future__ import annotations

import numpy as np
import pytest

from claimscope.encoder._e5file import dequantise_q4_0, read_e5_file


def test_e5file_header_matches_multilingual_e5_small() -> None:
    e5 = read_e5_file()
    h = e5.header
    assert (h.hidden, h.layers, h.heads, h.ffn, h.vocab, h.positions) == (384, 12, 12, 1536, 250037, 512)
    assert e5.special == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    assert len(e5.pieces) == 250002
    assert e5.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]


def test_e5file_dequantise_q4_0_block() -> None:
    d = np.float16(0.5)
    nibbles = np.arange(16, dtype=np.uint8)  # low nibble = weight j, high nibble = weight j + 16
    q = (nibbles | ((15 - nibbles) << 4)).astype(np.uint8)
    raw = np.concatenate([np.frombuffer(d.tobytes(), dtype=np.uint8), q])
    w = dequantise_q4_0(raw, 32)
    expected = np.concatenate([(np.arange(16) - 8) * 0.5, (15 - np.arange(16) - 8) * 0.5])
    np.testing.assert_allclose(w, expected)


def test_e5file_word_rows_equal_full_matrix_rows() -> None:
    e5 = read_e5_file()
    rows = e5.word_rows(np.array([5, 250001]))
    assert rows.shape == (2, 384)
    assert np.isfinite(rows).all()
    assert not np.allclose(rows[0], rows[1])


@pytest.mark.parametrize("name", ["emb.pos", "emb.ln.w", "l0.q.w", "l11.fo.w"])
def test_e5file_tensors_present(name: str) -> None:
    assert name in read_e5_file().directory
