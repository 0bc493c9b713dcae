"""The exported (torch-free) model must give the torch model's scores (recorded at export time)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from claimscope.semeval.predictor import MODEL_DIR

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "reference.json").is_file(), reason="no exported model shipped")


@pytest.fixture(scope="module")
def runtime():  # type: ignore[no-untyped-def]
    from claimscope.encoder.runtime import EncoderRuntime

    config = json.loads((MODEL_DIR / "config.json").read_text())
    return EncoderRuntime(MODEL_DIR / "encoder.onnx", max_length=config["max_length"])


def test_runtime_scores_equal_torch_reference(runtime) -> None:  # type: ignore[no-untyped-def]
    refs = json.loads((MODEL_DIR / "reference.json").read_text())
    outs = runtime.run([r["text"] for r in refs])
    for ref, out in zip(refs, outs, strict=True):
        np.testing.assert_allclose(out.probs, ref["probs"], atol=1e-4)
        np.testing.assert_allclose(out.token_probs, ref["token_probs"], atol=1e-4)


def test_runtime_does_not_import_torch() -> None:
    code = (
        "import sys; from claimscope.semeval.predictor import SemevalPredictor; "
        "p = SemevalPredictor(); p.predict('Les terroristes.', [(0, 16)]); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_runtime_windows_long_paragraphs(runtime) -> None:  # type: ignore[no-untyped-def]
    text = "Les terroristes ont attaqué la ville. " * 60
    out = runtime.run([text])[0]
    assert len(out.offsets) == len(out.token_probs) > runtime.max_length
    assert out.offsets[-1, 1] <= len(text)
