"""`selfshop report` (regenerate reports from run.json) and `selfshop history` (trends)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from selfshop.store.history import RunSummary


def report(
    run_dir: Path = typer.Argument(..., help="Run folder (or its run.json) to report on."),
    formats: str = typer.Option(
        "html,junit,md",
        "--format",
        "-f",
        help="Comma-separated formats, e.g. html,md,json,sarif (docs/reports.md lists them).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write here instead of the run folder (links stay relative)."
    ),
    previous: Path | None = typer.Option(
        None, "--previous", help="Compare with this run folder (default: the audit's last run)."
    ),
    no_compare: bool = typer.Option(False, "--no-compare", help="Do not compare with any run."),
    walks: Path | None = typer.Option(
        None,
        "--walks",
        help="Folder of guided walks to show beside the automated steps "
        "(default: the audit's output folder, where 'selfshop walk' saves them).",
    ),
    no_walks: bool = typer.Option(False, "--no-walks", help="Leave guided walks out."),
    standards: Path | None = typer.Option(
        None, "--standards", help="Standards to judge with (default: the audit's)."
    ),
    again: bool = typer.Option(
        False,
        "--rejudge",
        help="Judge the saved evidence again with the standards as they are "
        "now (no browser); written to --out, by default RUN_DIR/rejudged.",
    ),
    single_file: bool = typer.Option(
        False,
        "--single-file",
        help="Embed every picture in report.html: one file to mail or attach.",
    ),
    pdf: bool = typer.Option(
        False,
        "--pdf",
        help="Also print report.html to report.pdf through Chromium, for a board pack.",
    ),
) -> None:
    """Make a saved run's reports again, with leaders' guided walks beside it.

    Writes report.html, junit.xml, summary.md (and run.json) from run.json; guided walks of the
    same journeys are shown beside the automated steps.

    Example: selfshop report reports/weekly-storefront-audit/latest --format html,md
    Re-judge without a browser: selfshop report reports/demo-shop/latest --rejudge
    One file to mail, and a PDF: selfshop report reports/demo-shop/latest --single-file --pdf
    """
    from rich.console import Console
    from rich.markup import escape

    from selfshop.load.files import load_standards
    from selfshop.publish import load_audit_standards, rejudged, with_walks
    from selfshop.report import write_reports
    from selfshop.store.history import find_previous, output_root
    from selfshop.store.runfolder import read_run

    folder = run_dir.parent if run_dir.is_file() else run_dir
    run = read_run(run_dir)
    charter = load_standards(standards) if standards else None
    if again:
        charter, standards_file = (
            (charter, standards) if charter and standards else load_audit_standards(run)
        )
        run = rejudged(run, charter, standards_file, folder)
        out = out or folder / "rejudged"
        formats = formats if "json" in formats else f"{formats},json"
    if not no_walks:
        run = with_walks(run, walks or output_root(folder.resolve(), run.audit), charter)
    earlier = None
    if previous is not None:
        earlier = read_run(previous)
    elif not no_compare:
        earlier = find_previous(output_root(folder.resolve(), run.audit), run)
    if pdf and "html" not in formats:
        formats = f"{formats},html"
    written = write_reports(
        run,
        folder,
        earlier,
        formats=formats.split(","),
        out_dir=out,
        index=out is None,
        single_file=single_file,
    )
    if pdf:
        written["pdf"] = _print_pdf(written["html"])
    console = Console(highlight=False)
    if earlier is not None:
        console.print(f"Compared with run {earlier.run_id} ({earlier.started_at})")
    for fmt, path in written.items():
        note = f"  ({_size(path)}, pictures embedded)" if single_file and fmt == "html" else ""
        note = f"  ({_size(path)})" if fmt == "pdf" else note
        console.print(f"[bold]{fmt:>5}[/bold]  {escape(str(path))}{note}", soft_wrap=True)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def _print_pdf(html: Path) -> Path:
    """report.pdf beside report.html, printed by Chromium; a failure is one clear line."""
    from selfshop.aio import run_sync
    from selfshop.errors import EnvironmentProblem
    from selfshop.report.pdf import PdfFailed, print_pdf
    from selfshop.walk.browser import launch_options

    try:
        return run_sync(print_pdf(html, html.with_suffix(".pdf"), launch_options))
    except PdfFailed as error:
        raise EnvironmentProblem(f"no PDF: {error}") from error


SPARKS = "▁▂▃▄▅▆▇█"
COLOURS = {"proud": "green", "middle": "yellow", "redesign": "red"}


def _verdict(verdict: str) -> str:
    from rich.markup import escape

    colour = COLOURS.get(verdict, "white")
    return f"[{colour}]{escape(verdict)}[/{colour}]"


def _score(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "–"
    delta = now - before
    if abs(delta) < 0.05:
        return "no change"
    return f"[green]{delta:+.1f}[/green]" if delta > 0 else f"[red]{delta:+.1f}[/red]"


def sparkline(scores: list[float | None]) -> str:
    """0-100 scores, oldest first, as block characters ('·' where there was no score)."""
    return "".join("·" if s is None else SPARKS[min(7, max(0, int(s / 100 * 8)))] for s in scores)


def _journey_table(summaries: list[RunSummary], key: str, limit: int) -> Table:
    from rich.markup import escape
    from rich.table import Table

    from selfshop.report.view import when

    table = Table(title=f"{escape(key)}: newest first")
    for column in ("When", "Run", "Verdict", "Score", "Change"):
        table.add_column(column)
    points = [
        next(((p.score, p.verdict) for p in s.journeys if p.key == key), None) for s in summaries
    ]
    for index, summary in enumerate(summaries[:limit]):
        point = points[index]
        if point is None:
            continue
        before = next((p for p in points[index + 1 :] if p is not None), None)
        table.add_row(
            escape(when(summary.started_at)),
            escape(summary.run_id),
            _verdict(point[1]),
            _score(point[0]),
            _change(point[0], before[0] if before else None),
        )
    return table


def _trend_tables(summaries: list[RunSummary], limit: int) -> tuple[Table, Table]:
    from rich.markup import escape
    from rich.table import Table

    from selfshop.report.view import when

    shown = summaries[:limit]
    journeys = Table(title=f"Journeys over the last {len(shown)} runs")
    for column in ("Journey", "Now", "Score", "Change", "Trend (oldest → newest)"):
        journeys.add_column(column)
    latest = {p.key: p for p in shown[0].journeys}
    keys = list(dict.fromkeys(p.key for s in shown for p in s.journeys))
    for key in keys:
        scores = [
            next((p.score for p in s.journeys if p.key == key), None) for s in reversed(shown)
        ]
        point = latest.get(key)
        earlier = next((p for s in shown[1:] for p in s.journeys if p.key == key), None)
        journeys.add_row(
            escape(f"{point.title if point else key} ({key})"),
            _verdict(point.verdict) if point else "[dim]not walked[/dim]",
            _score(point.score) if point else "–",
            _change(point.score if point else None, earlier.score if earlier else None),
            sparkline(scores),
        )
    runs = Table(title="Runs, newest first")
    for column in ("When", "Run", "Gate", "Proud", "Middle", "Redesign"):
        runs.add_column(column)
    for summary in shown:
        counts = [
            sum(p.verdict == v for p in summary.journeys) for v in ("proud", "middle", "redesign")
        ]
        runs.add_row(
            escape(when(summary.started_at)),
            escape(summary.run_id),
            "[green]passed[/green]" if summary.gate_passed else "[red]failed[/red]",
            *[str(c) for c in counts],
        )
    return journeys, runs


def history(
    audit: str | None = typer.Argument(
        None, help="Audit name, or an audit file (its output folder is then used)."
    ),
    reports: Path = typer.Option(
        Path("reports"), "--reports", "-r", help="Output folder holding the runs."
    ),
    journey: str | None = typer.Option(
        None, "--journey", "-j", help="Only this journey, as journey_id@device."
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most this many runs."),
    database: str | None = typer.Option(
        None,
        "--history",
        help="History database URL, e.g. postgresql://cx@db/selfshop "
        "(default: the audit's, $SELFSHOP_HISTORY, or REPORTS/history.sqlite).",
    ),
) -> None:
    """Show how each journey's verdict and score moved over the recorded runs.

    Example: selfshop history "Weekly storefront audit" --journey guest-checkout@mobile
    A team's shared history: selfshop history --history postgresql://cx@db.example.com/selfshop
    """
    from rich.console import Console
    from rich.markup import escape

    from selfshop.errors import UsageError
    from selfshop.store.history import run_summaries

    if audit and audit.endswith((".yaml", ".yml")) and Path(audit).is_file():
        from selfshop.load.files import load_audit

        loaded = load_audit(Path(audit), read_sitemaps=False)  # its name and places only
        audit, reports = loaded.audit.name, loaded.output_dir
        database = database or loaded.audit.history_url
    summaries = run_summaries(reports, audit, history=database)
    console = Console(highlight=False)
    if not summaries:
        known = (
            sorted({s.audit for s in run_summaries(reports, None, history=database)})
            if audit
            else []
        )
        if known:
            raise UsageError(
                f"no runs of audit {audit!r} in {reports}; known audits: {', '.join(known)}"
            )
        console.print(f"No runs recorded in {escape(str(reports))} yet.")
        return
    if journey:
        if not any(p.key == journey for s in summaries for p in s.journeys):
            keys = sorted({p.key for s in summaries for p in s.journeys})
            raise UsageError(f"no journey {journey!r} in these runs; known: {', '.join(keys)}")
        console.print(_journey_table(summaries, journey, limit))
        return
    for table in _trend_tables(summaries, limit):
        console.print(table)
