"""Outputs: JSON, a self-contained HTML report and a Markdown summary, all from the contract dict."""

from __future__ import annotations

from typing import Any

from claimscope.report.to_html import render_html
from claimscope.report.to_json import render_json, validate
from claimscope.report.to_md import render_md


def render(result: dict[str, Any], fmt: str) -> str:
    """Render a contract dict as ``json`` (indented), ``jsonl`` (one line), ``html``, ``md`` or ``stix``."""
    if fmt == "json":
        return render_json(result)
    if fmt == "jsonl":
        return render_json(result, indent=None)
    if fmt == "html":
        return render_html(result)
    if fmt == "md":
        return render_md(result)
    if fmt == "stix":
        from claimscope.report.to_stix import render_stix

        return render_stix(result)
    raise ValueError(f"unknown format {fmt!r}")


__all__ = ["render", "render_html", "render_json", "render_md", "validate"]
