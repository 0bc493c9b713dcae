"""Write docs/cli.md from the commands' own --help text (run after changing a command).

python scripts/gen_cli_docs.py          # rewrite docs/cli.md
python scripts/gen_cli_docs.py --check  # exit 1 when docs/cli.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from claimscope.cli import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _walk(group: click.Group, ctx: click.Context, path: list[str]) -> list[list[str]]:
    out = [path]
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            out += _walk(cmd, click.Context(cmd, info_name=name, parent=ctx), [*path, name])
        elif cmd is not None:
            out.append([*path, name])
    return out


def generate() -> str:
    runner = CliRunner()
    ctx = click.Context(cli, info_name="claimscope")
    parts = [
        "# Command line reference",
        "",
        "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.",
        "",
    ]
    for path in _walk(cli, ctx, []):
        result = runner.invoke(cli, [*path, "--help"], prog_name="claimscope", terminal_width=100)
        title = " ".join(["claimscope", *path])
        parts += [f"## `{title}`", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = generate()
    if "--check" in sys.argv:
        if not DOC.is_file() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
