"""The reporter contract: a report format is a name, a file name and a render function.

Built-in formats are imported only when used (the command line stays fast). Another package
adds a format by naming a `Reporter` in its ``selfshop.reporters`` entry-point group, as a
check plugin names its module in ``selfshop.checks``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from selfshop.errors import EnvironmentProblem
from selfshop.models.results import Run
from selfshop.report.compare import Comparison

ENTRY_POINT_GROUP = "selfshop.reporters"


@dataclass(frozen=True)
class ReportInput:
    """What every format may read: the run, where its pictures are, where the report goes, and
    what changed since the previous run (None without one)."""

    run: Run
    run_dir: Path
    out_dir: Path
    comparison: Comparison | None
    single_file: bool = False  # embed every picture: one file to mail (HTML)


@dataclass(frozen=True)
class Reporter:
    name: str  # as given to --format
    file_name: str  # written into the output folder
    render: Callable[[ReportInput], str]
    default: bool = True  # written when no --format is given


def _lazy(module: str, function: str) -> Callable[[ReportInput], str]:
    def render(given: ReportInput) -> str:
        rendered: str = getattr(importlib.import_module(module), function)(given)
        return rendered

    return render


def _json(given: ReportInput) -> str:
    return given.run.model_dump_json(indent=2) + "\n"


BUILT_IN = (
    Reporter("html", "report.html", _lazy("selfshop.report.html", "report")),
    Reporter("junit", "junit.xml", _lazy("selfshop.report.junit", "report")),
    Reporter("md", "summary.md", _lazy("selfshop.report.markdown", "report")),
    Reporter("json", "run.json", _json, default=False),
    Reporter("sarif", "results.sarif", _lazy("selfshop.report.sarif", "report"), default=False),
)


def reporters() -> dict[str, Reporter]:
    """Every format by name: the built-ins, then those installed through entry points."""
    found = {reporter.name: reporter for reporter in BUILT_IN}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            reporter = entry.load()
        except Exception as error:  # a broken plugin must be named, not half-loaded
            raise EnvironmentProblem(
                f"the report plugin {entry.name!r} ({entry.value}) failed to load: "
                f"{type(error).__name__}: {error}"
            ) from error
        if not isinstance(reporter, Reporter) or reporter.name in found:
            raise EnvironmentProblem(
                f"the report plugin {entry.name!r} ({entry.value}) must name a new Reporter"
            )
        found[reporter.name] = reporter
    return found
