"""Reports of a run: report.html for people, junit.xml and summary.md for CI, run.json for tools.

`write_reports` is what the pipeline calls after judging a run; `selfshop report` calls it again
to regenerate any format from a saved run.json.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from selfshop.errors import UsageError
from selfshop.models.results import Run
from selfshop.report.compare import compare
from selfshop.report.reporters import BUILT_IN, Reporter, ReportInput, reporters
from selfshop.store.atomic import write_text

# Kept for callers that list the formats; the registry in selfshop.report.reporters is the truth.
FORMATS = tuple(reporter.name for reporter in BUILT_IN)
DEFAULT_FORMATS = tuple(reporter.name for reporter in BUILT_IN if reporter.default)
FILE_NAMES = {reporter.name: reporter.file_name for reporter in BUILT_IN}

__all__ = ["DEFAULT_FORMATS", "FILE_NAMES", "FORMATS", "ReportInput", "Reporter", "write_reports"]


def _chosen(formats: Iterable[str]) -> list[Reporter]:
    available = reporters()
    chosen = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in chosen if f not in available]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(unknown)}: choose from {', '.join(available)}"
        )
    return [available[name] for name in dict.fromkeys(chosen)]


def _append_step_summary(text: str) -> None:
    """GitHub Actions shows $GITHUB_STEP_SUMMARY on the run page; other steps may write too."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as summary:
        summary.write(text if text.endswith("\n") else text + "\n")


def write_reports(
    run: Run,
    run_dir: Path,
    previous: Run | None = None,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    out_dir: Path | None = None,
    index: bool = True,
    history: str | None = None,
    single_file: bool = False,
) -> dict[str, Path]:
    """Write the chosen formats into out_dir (default: the run folder); returns {format: path}.

    Pictures are read from run_dir. With `previous`, reports compare against it. The Markdown
    summary is also appended to $GITHUB_STEP_SUMMARY when that is set. When writing into the
    run folder itself, the output folder's index.html is refreshed too
    (the folder holding history.sqlite, see `selfshop.store.history.output_root`), from `history`
    (a database URL) when the audit names one. `single_file` embeds every picture in
    report.html, so the one file can be mailed.
    """
    chosen = _chosen(formats)
    target = out_dir or run_dir
    comparison = compare(run, previous) if previous is not None else None
    given = ReportInput(
        run=run, run_dir=run_dir, out_dir=target, comparison=comparison, single_file=single_file
    )
    written: dict[str, Path] = {}
    for reporter in chosen:
        text = reporter.render(given)
        written[reporter.name] = write_text(target / reporter.file_name, text)
        if reporter.name == "md":
            _append_step_summary(text)
    if index and target.resolve() == run_dir.resolve():
        from selfshop.report.index import write_index
        from selfshop.store.history import output_root

        written["index"] = write_index(output_root(run_dir, run.audit), history)
    return written
