"""The shared command line of the steps that update a SemEval model folder in place."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path


def model_step_args(description: str, argv: list[str] | None = None, *, cache: bool = True) -> argparse.Namespace:
    """Parse ``--model --data [--cache] --threads`` (``data`` resolved to the default folder) and set up logging."""
    from claimscope.semeval.data import default_data_dir
    from claimscope.semeval.predictor import MODEL_DIR

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--model", type=Path, default=MODEL_DIR, help="the model folder to update")
    ap.add_argument("--data", type=Path, default=None, help="the semeval2023t3 folder")
    if cache:
        ap.add_argument("--cache", type=Path, default=Path("out/cache"), help="encoded-article cache")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    args.data = args.data or default_data_dir()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    return args
