"""`selfshop diff RUN_A RUN_B`: what changed between two runs, in the terminal or as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from selfshop.report.diff import FindingRow, RunDiff

STYLES = {"proud": "green", "middle": "yellow", "redesign": "red"}


def diff(
    before: Path = typer.Argument(..., help="The earlier run folder (or its run.json)."),
    after: Path = typer.Argument(..., help="The later run folder (or its run.json)."),
    html: Path | None = typer.Option(
        None, "--html", help="Also write the comparison as an HTML page here."
    ),
    limit: int = typer.Option(
        10, "--limit", "-n", min=1, help="Findings shown per list in the terminal."
    ),
) -> None:
    """Compare two runs: each journey's verdict and score, and findings new, fixed, unchanged.

    Example: selfshop diff reports/demo-shop/2026-11-22T07-00-00Z reports/demo-shop/latest
    As a page: selfshop diff RUN_A RUN_B --html diff.html
    """
    from rich.console import Console

    from selfshop.report.diff import diff_runs, render_diff_html
    from selfshop.store.atomic import write_text
    from selfshop.store.runfolder import read_run

    result = diff_runs(read_run(before), read_run(after))
    console = Console(highlight=False)
    print_diff(console, result, limit)
    if html is not None:
        written = write_text(html, render_diff_html(result))
        console.print(f"HTML: {written}")


def print_diff(console: Console, result: RunDiff, limit: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    before = f"{result.before_id} ({result.before_when})"
    after = f"{result.after_id} ({result.after_when})"
    console.print(f"[bold]{escape(result.audit)}[/]: {escape(before)} -> {escape(after)}")
    table = Table(title="Journeys")
    for column in ("Journey", "Before", "After", "Change"):
        table.add_column(column)
    for row in result.journeys:
        table.add_row(
            escape(f"{row.title} ({row.key})"),
            _styled(row.before, row.verdict_before),
            _styled(row.after, row.verdict_after),
            f"[bold red]{escape(row.change)}[/]" if row.worse else escape(row.change),
        )
    console.print(table)
    for title, rows in (
        ("New findings", result.new),
        ("Fixed findings", result.fixed),
        ("Unchanged findings", result.unchanged),
    ):
        console.print(f"[bold]{title}: {len(rows)}[/]")
        for finding in rows[:limit]:
            console.print(f"  - {_finding(finding)}")
        if len(rows) > limit:
            console.print(f"  … and {len(rows) - limit} more")


def _styled(text: str, verdict: str | None) -> str:
    from rich.markup import escape

    style = STYLES.get(verdict or "")
    return f"[{style}]{escape(text)}[/]" if style else escape(text)


def _finding(row: FindingRow) -> str:
    from rich.markup import escape

    return escape(f"[{row.severity}] {row.message} ({row.standard}; {row.where})")
