"""How lint results are shown: one line per problem on stderr, then a summary table."""

from __future__ import annotations

import sys

from rich.table import Table

from selfshop.errors import one_line
from selfshop.project.lint import FileReport


def print_problems(reports: list[FileReport]) -> None:
    for report in reports:
        for problem in sorted(report.problems, key=lambda p: (p.path, p.line, p.column)):
            prefix = "warning: " if problem.severity == "warning" else ""
            where = f"{problem.path}:{problem.line}:{problem.column}"
            field = f"{problem.field}: " if problem.field else ""
            print(one_line(f"{where}: {prefix}{field}{problem.message}"), file=sys.stderr)


def summary_table(reports: list[FileReport]) -> Table:
    table = Table(title="selfshop lint", show_lines=False)
    table.add_column("file")
    table.add_column("kind")
    table.add_column("result")
    for report in reports:
        if report.errors:
            result = f"[red]{len(report.errors)} error(s)[/red]"
        elif report.warnings:
            result = f"[yellow]ok, {len(report.warnings)} warning(s)[/yellow]"
        else:
            result = "[green]ok[/green]"
        table.add_row(report.path, report.kind, result)
    errors = sum(len(r.errors) for r in reports)
    table.caption = f"{len(reports)} file(s), {errors} error(s)"
    return table
