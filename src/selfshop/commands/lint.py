"""`selfshop lint`, `selfshop schema` and `selfshop init`: the project's files."""

from __future__ import annotations

from pathlib import Path

import typer

PATHS = typer.Argument(None, help="Files or folders (default: standards.yaml, journeys/, audits/).")


def lint(paths: list[Path] | None = PATHS) -> None:
    """Check standards, journeys and audits; point at every mistake by file, line and field.

    Example: selfshop lint journeys standards.yaml audits
    """
    from rich.console import Console

    from selfshop.errors import ExitCode
    from selfshop.project.lint import default_paths, lint_paths
    from selfshop.project.lint_output import print_problems, summary_table

    chosen = paths or default_paths(Path.cwd())
    if not chosen:
        from selfshop.errors import UsageError

        raise UsageError("nothing to lint here: give files or folders, or run 'selfshop init'")
    reports = lint_paths(chosen)
    print_problems(reports)
    Console(stderr=False).print(summary_table(reports))
    if any(report.errors for report in reports):
        raise typer.Exit(ExitCode.bad_input)


def schema(
    out: Path = typer.Option(None, "--out", help="Folder to write *.schema.json into."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown field reference."),
) -> None:
    """Export the JSON Schemas of journey, fragment, standards, audit and run.json files.

    Example: selfshop schema --out schemas
    """
    import json

    from selfshop.project.schema import reference_markdown, schemas, write_schemas

    if markdown:
        typer.echo(reference_markdown(), nl=False)
        return
    if out is None:
        typer.echo(json.dumps(schemas(), indent=2, sort_keys=True))
        return
    for path in write_schemas(out):
        typer.echo(f"wrote {path}")


def init(directory: Path = typer.Argument(Path("."), help="Folder for the new project.")) -> None:
    """Start a project: standards with five default standards, two journeys and an audit.

    Example: selfshop init my-shop && cd my-shop && selfshop lint
    """
    from selfshop.project.scaffold import scaffold

    created, kept = scaffold(directory)
    for path in created:
        typer.echo(f"created {path}")
    for path in kept:
        typer.echo(f"kept    {path} (already there; not overwritten)")
    typer.echo("next: edit standards.yaml and journeys/, then run 'selfshop lint'")
