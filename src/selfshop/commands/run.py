"""`selfshop run`: walk audits (or single journeys) in a real browser and judge every step."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from selfshop.load.files import LoadedAudit
    from selfshop.notify import Delivery
    from selfshop.pipeline import RunOutcome

TARGETS = typer.Argument(..., help="Audit files, or journey files (with --base-url).")
BASE_URL = typer.Option(None, "--base-url", help="Site to walk, instead of the audit's base_url.")
WORKERS = typer.Option(
    None, "--workers", min=1, help="Journeys walked at once (default: CPUs, 4 at most)."
)
HEADED = typer.Option(False, "--headed", help="Show the browser while it walks.")
AS_JSON = typer.Option(False, "--json", help="Print a JSON summary instead of tables.")
OUT = typer.Option(None, "--out", help="Folder for run folders (default: the audit's output).")
SHARD = typer.Option(
    None,
    "--shard",
    metavar="I/N",
    help="Walk only shard I of N (from 1) and write a shard folder; join them with selfshop merge.",
)
BROWSER_WS = typer.Option(
    None,
    "--browser-ws",
    metavar="URL",
    help="Walk in a remote browser: a Playwright server (ws://...) or a DevTools endpoint "
    "(http://...), instead of the audit's browser: or a local Chromium.",
)


def run(
    targets: list[Path] = TARGETS,
    base_url: str | None = BASE_URL,
    workers: int | None = WORKERS,
    headed: bool = HEADED,
    as_json: bool = AS_JSON,
    out: Path | None = OUT,
    shard: str | None = SHARD,
    browser_ws: str | None = BROWSER_WS,
) -> None:
    """Walk journeys in Chromium, score every step against your standards, write the reports.

    Exit codes: 0 the gate passed, 1 the gate failed, 2 bad input, 3 no browser, 130 interrupted,
    143 stopped by SIGTERM.
    A shard (--shard) is gated when the shards are merged: it exits 0 unless interrupted.

    Example: selfshop run audits/weekly.yaml --workers 2

    Example: selfshop run audits/weekly.yaml --shard 2/4 --browser-ws ws://127.0.0.1:3000/

    Example: selfshop run audits/pages.yaml  (an audit whose pages: list paths and a sitemap)

    Customer lenses: with `lenses: [keyboard, screen-reader, zoom-400, slow-3g, reduced-motion,
    forced-colours]` in the audit (or a journey), each journey is walked again as each of those
    customers and judged by its worst lens (docs/lenses.md).
    """
    from rich.console import Console

    from selfshop.errors import ExitCode, interrupted_code
    from selfshop.pipeline import run_audit
    from selfshop.walk.shards import ShardSpec

    console = Console()
    spec = ShardSpec.parse(shard) if shard is not None else None
    if browser_ws is not None:
        _check_browser_url(browser_ws)
    audits = resolve_targets(targets, base_url)
    progress = not as_json and Console(stderr=True).is_terminal
    outcomes: list[RunOutcome] = []
    for loaded in audits:
        if loaded.page_count and not as_json:
            print_pages(Console(stderr=True), loaded)
        with alert_on_failure(loaded, console):
            outcome = run_audit(
                loaded,
                base_url=base_url,
                workers=workers,
                headed=headed,
                progress=progress,
                output_dir=out,
                shard=spec,
                browser_ws=browser_ws,
            )
        outcomes.append(outcome)
        if not as_json:
            print_outcome(console, outcome)
        if outcome.run.interrupted:
            break
    if as_json:
        typer.echo(json.dumps({"runs": [summary(o) for o in outcomes]}, indent=2))
    if any(o.run.interrupted for o in outcomes):
        raise typer.Exit(interrupted_code())
    if not all(o.run.gate.passed for o in outcomes):
        raise typer.Exit(ExitCode.gate_failed)


@contextmanager
def alert_on_failure(loaded: LoadedAudit, console: Console) -> Iterator[None]:
    """A run that cannot start (no browser, nothing to walk) alerts the audit's notify targets
    with the reason, then fails as it would have."""
    from selfshop.errors import EnvironmentProblem, UsageError

    try:
        yield
    except (EnvironmentProblem, UsageError) as error:
        from selfshop.notify import notify_failure

        print_alerts(console, notify_failure(loaded, str(error)))
        raise


def print_pages(console: Console, loaded: LoadedAudit) -> None:
    """How many plain pages the audit walks (its sitemaps read), before the walk's progress."""
    from rich.markup import escape

    left_out = loaded.pages_off_site
    note = f" ({left_out} sitemap entries on other sites left out)" if left_out else ""
    console.print(
        f"{escape(loaded.audit.name)}: {loaded.page_count} plain page(s) to visit{escape(note)}"
    )


def print_alerts(console: Console, deliveries: list[Delivery]) -> None:
    from rich.markup import escape

    for delivery in deliveries:
        if delivery.sent:
            console.print(f"Alert sent to {escape(delivery.target)}: {delivery.alerts} change(s)")
        else:
            console.print(
                f"[yellow]Alert not sent[/] to {escape(delivery.target)}: "
                f"{escape(delivery.error or 'unknown error')}"
            )


def _check_browser_url(url: str) -> None:
    from selfshop.errors import UsageError
    from selfshop.models.audit import REMOTE_SCHEMES

    if not url.startswith(REMOTE_SCHEMES):
        raise UsageError(
            f"--browser-ws {url}: give a Playwright server (ws://host:port/) "
            "or a DevTools endpoint (http://host:port)"
        )


def resolve_targets(targets: list[Path], base_url: str | None) -> list[LoadedAudit]:
    """Audits as they are; journey files gathered into one audit of their own."""
    from selfshop.errors import UsageError
    from selfshop.load.files import load_audit

    audits: list[LoadedAudit] = []
    journeys: list[Path] = []
    for target in targets:
        kind = _file_kind(target)
        if kind == "audit":
            audits.append(load_audit(target, base_url=base_url))
        else:
            journeys.append(target)
    if journeys:
        if base_url is None:
            raise UsageError(
                f"{journeys[0]} is a journey: say where to walk it with --base-url "
                "(e.g. --base-url http://127.0.0.1:8000), or run an audit that names it"
            )
        from selfshop.load.files import journey_audit

        audits.append(journey_audit(journeys, base_url))
    return audits


def _file_kind(path: Path) -> str:
    """'audit' or 'journey', read with the same safe reader as the loaders (so a missing file,
    a folder, a FIFO, a YAML mistake or a bomb is one located line)."""
    from selfshop.errors import InputError
    from selfshop.load.files import display_path
    from selfshop.load.yamlsource import read_source

    source = read_source(path, display_path(path))
    data = source.data
    if isinstance(data, dict) and "steps" in data:
        return "journey"
    if isinstance(data, dict) and ("journeys" in data or "pages" in data):
        return "audit"
    raise InputError(
        [
            source.problem(
                (),
                "neither an audit (it needs 'journeys' or 'pages') nor a journey "
                "(it needs 'steps')",
            )
        ]
    )


VERDICT_STYLES = {"proud": "bold green", "middle": "yellow", "redesign": "bold red"}


def print_outcome(console: Console, outcome: RunOutcome) -> None:
    """A table of journeys with verdict and score, then where the reports are."""
    from rich.markup import escape
    from rich.table import Table

    run = outcome.run
    title = f"{escape(run.audit)} — {escape(run.base_url or '')}"
    table = Table(title=title, title_justify="left")
    for column in ("Journey", "Device", "Verdict", "Score", "Steps", "Why"):
        table.add_column(column, justify="right" if column == "Score" else "left")
    for journey in run.journeys:
        steps = [s.evidence for s in journey.steps]
        passed = sum(1 for s in steps if s.status == "passed")
        failure = next((s for s in steps if s.status == "failed"), None)
        reason = (
            failure.error
            if failure and failure.error
            else (journey.reasons[0] if journey.reasons else "")
        )
        style = VERDICT_STYLES.get(journey.verdict.value, "")
        table.add_row(
            escape(journey.title),
            journey.walked_as,
            f"[{style}]{journey.verdict.value}[/]",
            "—" if journey.score is None else f"{journey.score:.0f}",
            f"{passed}/{len(steps)}",
            escape(_short(reason, 70)),
        )
    console.print(table)
    if run.interrupted:
        console.print("[bold yellow]Interrupted:[/] the run folder holds what was walked.")
    if run.shard is not None:
        console.print(
            f"Shard {run.shard.index} of {run.shard.count}: {len(run.shard.keys)} walks "
            f"(split by {escape(run.shard.balanced_by)}); the gate is decided when the shards "
            "are merged: selfshop merge SHARD_DIR...",
            soft_wrap=True,
        )
        console.print(f"Shard folder: {escape(str(outcome.run_dir))}", soft_wrap=True)
        return
    gate = "[green]passed[/]" if run.gate.passed else "[red]failed[/]"
    console.print(f"Gate: {gate}" + "".join(f"\n  - {escape(r)}" for r in run.gate.reasons[:10]))
    report = outcome.run_dir / "report.html"
    where = report if report.is_file() else outcome.run_dir
    console.print(
        f"Report: [link=file://{where.resolve()}]{escape(str(where))}[/link]", soft_wrap=True
    )
    print_alerts(console, outcome.alerts)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(outcome: RunOutcome) -> dict[str, Any]:
    """The machine-readable summary of one run (for --json)."""
    from selfshop.store.runfolder import RunFolder

    run = outcome.run
    return {
        "run_id": run.run_id,
        "audit": run.audit,
        "run_dir": str(outcome.run_dir),
        "run_json": str(RunFolder(outcome.run_dir).run_file),
        "interrupted": run.interrupted,
        "gate": {"passed": run.gate.passed, "reasons": run.gate.reasons},
        "alerts": [
            {"target": d.target, "alerts": d.alerts, "sent": d.sent, "error": d.error}
            for d in outcome.alerts
        ],
        "shard": run.shard.model_dump(exclude={"gate"}) if run.shard else None,
        "journeys": [
            {
                "key": j.key,
                "title": j.title,
                "verdict": j.verdict.value,
                "score": j.score,
                "steps": [
                    {
                        "name": s.evidence.step_name,
                        "status": s.evidence.status.value,
                        "error": s.evidence.error,
                        "score": s.score,
                    }
                    for s in j.steps
                ],
            }
            for j in run.journeys
        ],
    }


def run_demo(out: Path | None, *, workers: int | None = None) -> None:
    """`selfshop demo`: audit both variants of the demo shop and say where the reports are.
    The flawed variant failing its gate is the point: exit 0."""
    from rich.console import Console

    from selfshop.demo.audit import audit_demo
    from selfshop.errors import interrupted_code

    console = Console()
    output = (out or Path.cwd() / "reports").resolve()
    outcomes = audit_demo(
        output,
        workers=workers,
        progress=Console(stderr=True).is_terminal,
        on_start=lambda urls: console.print(
            f"[bold]Acme Outfitters[/] demo shop: polished {urls.polished}, flawed {urls.flawed}",
            highlight=False,
            soft_wrap=True,
        ),
        on_outcome=lambda outcome: print_outcome(console, outcome),
    )
    if any(outcome.run.interrupted for outcome in outcomes):
        raise typer.Exit(interrupted_code())
    console.print("\n[bold]Reports[/]")
    for outcome in outcomes:
        report = outcome.run_dir / "report.html"
        where = report if report.is_file() else outcome.run_dir
        console.print(
            f"  {escape_markup(outcome.run.audit)}: {where}", highlight=False, soft_wrap=True
        )
    index = output / "index.html"
    if index.is_file():
        console.print(f"  all runs: {index}", highlight=False, soft_wrap=True)


def escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)
