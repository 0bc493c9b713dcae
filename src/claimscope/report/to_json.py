"""JSON output and validation against the shipped ``claimscope/analysis@1`` JSON Schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any


def render_json(result: dict[str, Any], *, indent: int | None = 2) -> str:
    return json.dumps(result, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    text = files("claimscope").joinpath("schema/analysis-1.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def validate(result: dict[str, Any]) -> list[str]:
    """Schema errors of ``result`` as readable strings (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
    ]
