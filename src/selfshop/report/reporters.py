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


@dataclass(frozen=True)
class _Lazy:
    """A built-in format's render function, its module imported on first use."""

    module: str
    function: str

    def __call__(self, given: ReportInput) -> str:
        rendered: str = getattr(self.load(), self.function)(given)
        return rendered

    def load(self) -> object:
        return importlib.import_module(self.module)


def _json(given: ReportInput) -> str:
    return given.run.model_dump_json(indent=2) + "\n"


BUILT_IN = (
    Reporter("html", "report.html", _Lazy("selfshop.report.html", "report")),
    Reporter("junit", "junit.xml", _Lazy("selfshop.report.junit", "report")),
    Reporter("md", "summary.md", _Lazy("selfshop.report.markdown", "report")),
    Reporter("json", "run.json", _json, default=False),
    Reporter("sarif", "results.sarif", _Lazy("selfshop.report.sarif", "report"), default=False),
)


def load_defaults() -> None:
    """Import the default formats' code ahead of rendering (a run does it while Chromium starts)."""
    for reporter in BUILT_IN:
        if reporter.default and isinstance(reporter.render, _Lazy):
            reporter.render.load()


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
