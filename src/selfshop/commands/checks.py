"""`selfshop checks`: list the checks that judge every step, or print their documentation."""

from __future__ import annotations

import typer


def checks(
    standard: str | None = typer.Option(
        None, "--standard", "-s", help="Only the checks of this standard (e.g. inclusion)."
    ),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print the full documentation as Markdown instead of a table."
    ),
) -> None:
    """List every check with its standard, the evidence it needs and its parameters.

    Includes checks installed through the 'selfshop.checks' entry points.

    Example: selfshop checks --standard safety
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from selfshop.errors import UsageError
    from selfshop.judge.checks import REGISTRY
    from selfshop.judge.checks.docs import render_markdown

    specs = REGISTRY.all()
    if standard is not None:
        known = sorted({s.standard for s in specs})
        specs = [s for s in specs if s.standard == standard]
        if not specs:
            raise UsageError(
                f"no checks serve {standard!r}; standards with checks: {', '.join(known)}"
            )
    if markdown:
        typer.echo(render_markdown(specs))
        return
    table = Table(title=f"selfshop checks ({len(specs)})", show_lines=False)
    table.add_column("check", style="bold", no_wrap=True)
    table.add_column("standard", no_wrap=True)
    table.add_column("what it asks")
    table.add_column("needs")
    table.add_column("parameters")
    for spec in sorted(specs, key=lambda s: (s.standard, s.id)):
        params = ", ".join(f"{n}={d}" for n, d, _ in spec.param_docs() if n != "weight")
        source = "" if spec.source == "built-in" else f" [dim]({escape(spec.source)})[/dim]"
        table.add_row(
            escape(spec.id) + source,
            escape(spec.standard),
            escape(spec.title),
            ", ".join(sorted(k.value for k in spec.needs)) or "-",
            escape(params) or "-",
        )
    Console().print(table)
