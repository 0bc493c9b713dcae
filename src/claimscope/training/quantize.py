"""Quantise the exported encoder's weight matrices to int8 (onnxruntime dynamic quantisation).

On one CPU thread the fp32 graph spends nearly all its time in the 6 x 6 weight MatMuls; int8
weights with per-channel scales make techniques for a 1,000-word article about 1.4x faster and
halve the file, at no measurable cost in held-out micro-F1 (see MODEL_CARD.md: the per-tensor
variant lost 0.005-0.01, per-channel none). Activations are quantised on the fly per call, so no
calibration data is needed; attention's activation-by-activation products stay in fp32.

Re-quantising the shipped model and refitting what depends on its outputs, in one command::

    python -m claimscope.training.quantize --model src/claimscope/models/semeval

(from an fp16/fp32 ``encoder.onnx``: the export does the same as its step 2).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np

QUANTIZATION = "int8 weights, per-channel, dynamic (onnxruntime quantize_dynamic); attention products fp32"

log = logging.getLogger("claimscope.training")


def is_quantized(onnx_path: Path) -> bool:
    import onnx

    graph = onnx.load(str(onnx_path), load_external_data=False).graph
    return any(n.op_type in ("MatMulInteger", "DynamicQuantizeLinear", "DynamicQuantizeMatMul") for n in graph.node)


def fp16_initializers(path: Path, *, min_elements: int = 1024) -> None:
    """Store large fp32 initializers as fp16 with a Cast in front (halves the file; folded at load)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load(str(path))
    g = m.graph
    keep, casts = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == np.float32 and arr.size >= min_elements:
            half = numpy_helper.from_array(arr.astype(np.float16), init.name + "__fp16")
            keep.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT))
        else:
            keep.append(init)
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.save(m, str(path))


def quantize_encoder(src: Path, dst: Path, *, keep_float: tuple[str, ...] = ()) -> None:
    """Fold the graph (fp16 casts, fusions) offline, then quantise every weight MatMul to int8, except the
    MatMuls whose node name contains one of ``keep_float`` (stored fp16 with a Cast in front)."""
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if is_quantized(src):
        raise ValueError(f"{src} is already quantised")
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "folded.onnx"
        opts = ort.SessionOptions()
        # EXTENDED, not ALL: ALL adds layout changes tied to this machine's CPU
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        opts.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(src), opts, providers=["CPUExecutionProvider"])
        graph = onnx.load(str(folded)).graph
        excluded = [
            n.name for n in graph.node if n.op_type in ("MatMul", "Gemm") and any(k in n.name for k in keep_float)
        ]
        quantize_dynamic(
            str(folded),
            str(dst),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=excluded,
            # fused nodes have no inferred output types; they are all float
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    if excluded:
        fp16_initializers(dst)
    log.info("quantised %s -> %s (%.1f MB; %d MatMuls kept fp16)", src, dst, dst.stat().st_size / 1e6, len(excluded))


def record_quantized_reference(model_dir: Path, *, max_length: int) -> None:
    """Add the quantised graph's own outputs to ``reference.json`` (next to the torch model's).

    The parity test then checks two things: the runtime reproduces these exactly (no loader or
    tokenizer drift) where the int8 kernels are the same as here (``kernel_fingerprint``), and
    they stay within quantisation error of the torch model everywhere.
    """
    import json

    from claimscope.encoder.runtime import EncoderRuntime, kernel_fingerprint

    path = model_dir / "reference.json"
    refs = json.loads(path.read_text(encoding="utf-8"))
    outs = EncoderRuntime(model_dir / "encoder.onnx", max_length=max_length).run([r["text"] for r in refs])
    for ref, out in zip(refs, outs, strict=True):
        ref["quantized_probs"] = out.probs.tolist()
        ref["quantized_token_probs"] = out.token_probs.tolist()
        ref["quantized_kernels"] = kernel_fingerprint()
    path.write_text(json.dumps(refs), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    import json

    from claimscope.training._cli import model_step_args
    from claimscope.training.article_classifiers import train_article_classifiers
    from claimscope.training.calibrate import calibrate

    args = model_step_args(__doc__.split("\n")[0], argv)
    onnx_path = args.model / "encoder.onnx"
    quantize_encoder(onnx_path, onnx_path)
    config_path = args.model / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["quantization"] = QUANTIZATION
    config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    record_quantized_reference(args.model, max_length=config["max_length"])
    calibrate(args.model, args.data, threads=args.threads)
    train_article_classifiers(args.model, args.data, cache=args.cache, threads=args.threads)


if __name__ == "__main__":
    main()
