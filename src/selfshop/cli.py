"""The `selfshop` command line: parse, call, print. The work lives in the command modules."""

from __future__ import annotations

import typer

from selfshop import __version__
from selfshop.errors import run_guarded
from selfshop.quick_exit import exit_quickly

app = typer.Typer(
    name="selfshop",
    help=(
        "Be your own mystery shopper: walk your customer journeys, score every step against "
        "your service standards, and get a proud-or-redesign verdict.\n\n"
        "Example: selfshop demo"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"selfshop {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    from selfshop import errors

    errors.DEBUG = debug


# --- commands, in the order a newcomer meets them --------------------------------------------
from selfshop.commands import checks as _checks  # noqa: E402
from selfshop.commands import diff as _diff  # noqa: E402
from selfshop.commands import history as _history  # noqa: E402
from selfshop.commands import lint as _lint  # noqa: E402
from selfshop.commands import merge as _merge  # noqa: E402
from selfshop.commands import report as _report  # noqa: E402
from selfshop.commands import run as _run  # noqa: E402
from selfshop.commands import schedule as _schedule  # noqa: E402
from selfshop.commands import walk as _walk  # noqa: E402
from selfshop.commands.demo import demo_app as _demo_app  # noqa: E402

app.add_typer(_demo_app, name="demo")
app.command("run")(_run.run)
app.command("merge")(_merge.merge)
app.command("walk")(_walk.walk)
app.command("report")(_report.report)
app.command("history")(_report.history)
app.command("diff")(_diff.diff)
app.command("schedule")(_schedule.schedule)
app.command("migrate-history")(_history.migrate_history)
app.command("lint")(_lint.lint)
app.command("init")(_lint.init)
app.command("schema")(_lint.schema)
app.command("checks")(_checks.checks)
# --- end of commands ------------------------------------------------------------------------


def main() -> None:
    try:
        run_guarded(app)
    except SystemExit as done:
        exit_quickly(done.code)
    exit_quickly(0)
