"""docs/checks.md is generated from the registry and must be current; the CLI lists checks."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.judge.checks import REGISTRY
from selfshop.judge.checks.docs import render_markdown

DOCS = Path(__file__).parents[4] / "docs" / "checks.md"


def test_docs_checks_md_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/checks.md is stale: run  python -m selfshop.judge.checks.docs docs/checks.md"
    )


def test_docs_document_every_built_in_check_and_extending() -> None:
    text = render_markdown()
    for spec in REGISTRY.all():
        if spec.source == "built-in":
            assert f"### `{spec.id}`" in text
    assert "## Extending: your own checks" in text
    assert '[project.entry-points."selfshop.checks"]' in text


def test_docs_link_the_w3c_act_rules_a_check_implements() -> None:
    text = render_markdown()
    section = text.split("### `label-in-name`")[1].split("### ")[0]
    assert "[2ee8b8](https://www.w3.org/WAI/standards-guidelines/act/rules/2ee8b8/)" in section


def test_cli_lists_checks_in_a_table() -> None:
    result = CliRunner().invoke(app, ["checks", "--standard", "inclusion"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "touch-targets" in result.output and "keyboard" in result.output
    assert "https" not in result.output


def test_cli_markdown() -> None:
    result = CliRunner().invoke(app, ["checks", "--markdown", "-s", "show"])
    assert result.exit_code == 0
    assert "### `placeholder-text`" in result.output
    assert "### `https`" not in result.output


def test_cli_unknown_standard_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["checks", "--standard", "kindness"])
    assert result.exit_code != 0
    assert "no checks serve 'kindness'" in str(result.exception)
