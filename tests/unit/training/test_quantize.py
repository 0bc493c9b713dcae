"""``quantize_encoder``: every weight MatMul to int8 except those kept float, which are stored fp16."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnxruntime.quantization")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from claimscope.training.quantize import is_quantized, quantize_encoder  # noqa: E402


def two_layer_graph(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """x (n, 64) -> MatMul "/blocks.0/fi/MatMul" -> Relu -> MatMul "/blocks.0/fo/MatMul" -> y (n, 64)."""
    rng = np.random.default_rng(0)
    w1 = rng.normal(0, 0.2, (64, 128)).astype(np.float32)
    w2 = rng.normal(0, 0.2, (128, 64)).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h"], name="/blocks.0/fi/MatMul"),
        helper.make_node("Relu", ["h"], ["r"], name="/blocks.0/act/Relu"),
        helper.make_node("MatMul", ["r", "w2"], ["y"], name="/blocks.0/fo/MatMul"),
    ]
    graph = helper.make_graph(
        nodes,
        "two",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 64])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return w1, w2


def run(path: Path, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]  # type: ignore[no-any-return]


def test_keep_float_leaves_the_named_matmul_unquantised_and_fp16(tmp_path: Path) -> None:
    src, all_int8, mixed = tmp_path / "fp.onnx", tmp_path / "int8.onnx", tmp_path / "mixed.onnx"
    w1, w2 = two_layer_graph(src)
    quantize_encoder(src, all_int8)
    quantize_encoder(src, mixed, keep_float=("/fo/",))
    assert is_quantized(all_int8) and is_quantized(mixed)

    ops = {n.name: n.op_type for n in onnx.load(str(mixed)).graph.node}
    assert ops.get("/blocks.0/fo/MatMul") == "MatMul"  # kept float
    assert not any("fi/MatMul" in name and op == "MatMul" for name, op in ops.items())  # quantised
    halves = [i for i in onnx.load(str(mixed)).graph.initializer if i.data_type == TensorProto.FLOAT16]
    assert [numpy_helper.to_array(i).shape for i in halves] == [(128, 64)]  # w2, stored fp16

    x = np.random.default_rng(1).normal(0, 1, (4, 64)).astype(np.float32)
    exact = np.maximum(x @ w1, 0) @ w2
    err_int8 = np.abs(run(all_int8, x) - exact).mean()
    err_mixed = np.abs(run(mixed, x) - exact).mean()
    assert err_mixed < err_int8  # one quantised layer fewer: closer to the float graph
    assert err_mixed < 0.05 * np.abs(exact).mean()


def test_an_already_quantised_graph_is_refused(tmp_path: Path) -> None:
    src, dst = tmp_path / "fp.onnx", tmp_path / "int8.onnx"
    two_layer_graph(src)
    quantize_encoder(src, dst)
    with pytest.raises(ValueError, match="already quantised"):
        quantize_encoder(dst, tmp_path / "again.onnx")
