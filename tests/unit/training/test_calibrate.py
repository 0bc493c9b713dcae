"""``calibrate`` on a few real articles: every head and setting is written, frames/genre are kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from claimscope.semeval.data import LANGUAGES, TECHNIQUES
from claimscope.semeval.predictor import MODEL_DIR
from claimscope.training.thresholds import STRATEGIES
from claimscope.training.use_head import WEIGHTS

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "encoder.onnx").is_file(), reason="no exported model shipped")


def test_calibrate_writes_heads_and_settings_and_keeps_article_classifiers(shared_data: Path, tmp_path: Path) -> None:
    from claimscope.training.calibrate import calibrate

    data = shared_data / "semeval2023t3"
    if not data.is_dir():
        pytest.skip(f"SemEval-2023 Task 3 data not found at {data}")
    model = tmp_path / "model"
    model.mkdir()
    for name in ("config.json", "encoder.onnx", "classifiers.npz", "metrics.json"):
        shutil.copy(MODEL_DIR / name, model / name)
    calibrate(model, data, threads=1, limit=4)

    config = json.loads((model / "config.json").read_text())
    assert config["use_blend"] in WEIGHTS
    assert config["threshold_strategy"] in STRATEGIES
    assert set(config["thresholds"]) == set(TECHNIQUES)
    assert 0.1 <= config["span_threshold"] < 0.8
    clf = np.load(model / "classifiers.npz")
    assert clf["use_coef"].shape == (len(TECHNIQUES), 512 + len(LANGUAGES))
    assert clf["token_coef"].shape == (len(TECHNIQUES), 384)
    shipped = np.load(MODEL_DIR / "classifiers.npz")
    np.testing.assert_array_equal(clf["genre_coef"], shipped["genre_coef"])
    np.testing.assert_array_equal(clf["frames_coef"], shipped["frames_coef"])
    metrics = json.loads((model / "metrics.json").read_text())
    assert "genre_cv" in metrics and "frames_cv" in metrics
    assert (
        metrics["techniques"] == metrics["technique_routes"][f"encoder+USE, {config['threshold_strategy']} thresholds"]
    )
    assert len(metrics["technique_routes"]) == 5
