"""The reporter contract: a new format is one installed Reporter, chosen with --format."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfshop.errors import EnvironmentProblem, UsageError
from selfshop.models.results import Run
from selfshop.report import write_reports
from selfshop.report.reporters import reporters

PLUGIN = """
from selfshop.report.reporters import Reporter, ReportInput

def _csv(given: ReportInput) -> str:
    rows = [f"{j.key},{j.verdict.value}" for j in given.run.journeys]
    return "journey,verdict\\n" + "\\n".join(rows) + "\\n"

CSV = Reporter("csv", "verdicts.csv", _csv, default=False)
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A real installed distribution on sys.path: a module plus its .dist-info."""
    folder = tmp_path / "site"
    folder.mkdir()
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop("acme_reports", None)


def _install(site: Path, module: str, target: str = "acme_reports:CSV") -> None:
    (site / "acme_reports.py").write_text(module)
    info = site / "acme_reports-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-reports\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(f"[selfshop.reporters]\ncsv = {target}\n")
    )


def test_an_installed_format_is_written_when_chosen(site: Path, run: Run, run_dir: Path) -> None:
    _install(site, PLUGIN)
    written = write_reports(run, run_dir, formats=["csv", "md"], index=False)
    assert set(written) == {"csv", "md"}
    lines = written["csv"].read_text().splitlines()
    assert lines[0] == "journey,verdict"
    assert len(lines) == 1 + len(run.journeys)
    # Not a default: a plain run does not write it.
    assert "csv" not in write_reports(run, run_dir, index=False)


def test_the_built_in_formats_are_there_without_plugins() -> None:
    assert list(reporters()) == ["html", "junit", "md", "json", "sarif"]


def test_an_unknown_format_names_the_choices(run: Run, run_dir: Path) -> None:
    with pytest.raises(UsageError, match="unknown report format pdf: choose from html"):
        write_reports(run, run_dir, formats=["pdf"])


def test_a_broken_format_plugin_is_named(site: Path, run: Run, run_dir: Path) -> None:
    _install(site, "raise ImportError('nope')\n")
    with pytest.raises(EnvironmentProblem, match=r"report plugin 'csv'.*ImportError: nope"):
        write_reports(run, run_dir, formats=["md"])
