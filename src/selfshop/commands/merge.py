"""`selfshop merge`: join the shards of one audit into the run one machine would have made."""

from __future__ import annotations

import json
from pathlib import Path

import typer

SHARD_DIRS = typer.Argument(
    ..., help="Shard run folders, or folders holding them (e.g. a CI job's downloads)."
)
OUT = typer.Option(None, "--out", help="Folder for the merged run (default: the audit's output).")
AS_JSON = typer.Option(False, "--json", help="Print a JSON summary instead of tables.")


def merge(
    shard_dirs: list[Path] = SHARD_DIRS,
    out: Path | None = OUT,
    as_json: bool = AS_JSON,
) -> None:
    """Merge an audit's shards (run --shard I/N) into the one run a single process makes.

    The merged run is judged, gated, reported and recorded in the history as a single run is.

    Refuses (exit 2) shards of different audits, sites or standards, a shard given twice, or
    a missing shard. Exit codes: 0 the gate passed, 1 the gate failed, 2 bad input.

    Example: selfshop merge shards/ --out reports
    """
    from rich.console import Console

    from selfshop.commands.run import print_outcome, summary
    from selfshop.errors import ExitCode
    from selfshop.merge import merge as merge_shards
    from selfshop.pipeline import RunOutcome

    published = merge_shards(shard_dirs, out)
    outcome = RunOutcome(run=published.run, run_dir=published.run_dir)
    if as_json:
        typer.echo(json.dumps({"runs": [summary(outcome)]}, indent=2))
    else:
        print_outcome(Console(), outcome)
    if published.run.interrupted:
        raise typer.Exit(ExitCode.interrupted)
    if not published.run.gate.passed:
        raise typer.Exit(ExitCode.gate_failed)
