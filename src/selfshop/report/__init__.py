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
from selfshop.report.compare import Comparison, compare
from selfshop.store.atomic import write_text

FORMATS = ("html", "junit", "md", "json")
DEFAULT_FORMATS = ("html", "junit", "md")
FILE_NAMES = {"html": "report.html", "junit": "junit.xml", "md": "summary.md", "json": "run.json"}

__all__ = ["DEFAULT_FORMATS", "FILE_NAMES", "FORMATS", "write_reports"]


def _check_formats(formats: Iterable[str]) -> list[str]:
    chosen = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown report format {', '.join(unknown)}: choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(chosen))


def _render(fmt: str, run: Run, run_dir: Path, out_dir: Path, comparison: Comparison | None) -> str:
    if fmt == "html":
        from selfshop.report.html import render_html

        return render_html(run, run_dir, comparison, out_dir=out_dir)
    if fmt == "junit":
        from selfshop.report.junit import render_junit

        return render_junit(run)
    if fmt == "md":
        from selfshop.report.markdown import render_summary

        return render_summary(run, comparison)
    return run.model_dump_json(indent=2) + "\n"


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
) -> dict[str, Path]:
    """Write the chosen formats into out_dir (default: the run folder); returns {format: path}.

    Pictures are read from run_dir. With `previous`, reports compare against it. The Markdown
    summary is also appended to $GITHUB_STEP_SUMMARY when that is set. When writing into the
    run folder itself, the output folder's index.html is refreshed too
    (the folder holding history.sqlite, see `selfshop.store.history.output_root`).
    """
    chosen = _check_formats(formats)
    target = out_dir or run_dir
    comparison = compare(run, previous) if previous is not None else None
    written: dict[str, Path] = {}
    for fmt in chosen:
        text = _render(fmt, run, run_dir, target, comparison)
        written[fmt] = write_text(target / FILE_NAMES[fmt], text)
        if fmt == "md":
            _append_step_summary(text)
    if index and target.resolve() == run_dir.resolve():
        from selfshop.report.index import write_index
        from selfshop.store.history import output_root

        written["index"] = write_index(output_root(run_dir, run.audit))
    return written
