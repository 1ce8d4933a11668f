"""summary.md: golden files, escaping of site text, and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfshop.models.results import Run
from selfshop.report import write_reports
from selfshop.report.compare import compare
from selfshop.report.markdown import md, render_summary

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with the golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_summary_matches_the_golden_file(run: Run) -> None:
    check_golden("summary.md", render_summary(run))


def test_summary_with_a_previous_run_matches_the_golden_file(run: Run, previous: Run) -> None:
    check_golden("summary-compared.md", render_summary(run, compare(run, previous)))


def test_summary_table_has_a_row_per_journey_and_device(run: Run) -> None:
    rows = [
        line
        for line in render_summary(run).splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    ]
    assert rows[0] == "| Journey | Device | Verdict | Score | Change |"
    assert len(rows) == 1 + len(run.journeys)
    assert "🔴 redesign" in rows[-1]


def test_site_text_cannot_break_the_table_or_inject_html(run: Run) -> None:
    run.journeys[0].title = "Pay | now <img src=x onerror=alert(1)> **bold** [link](http://x)\nnext"
    row = render_summary(run).splitlines()[8]
    assert row.count(" | ") == 4  # still five cells
    assert "\\<img src=x onerror=alert(1)\\>" in row
    assert "\\*\\*bold\\*\\*" in row and "\\[link\\]" in row
    assert md("a\nb") == "a b"
    assert md("x" * 500) == "x" * 299 + "…"


def test_summary_is_appended_to_the_github_step_summary(
    run: Run, run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    step_summary = tmp_path / "step-summary.md"
    step_summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    write_reports(run, run_dir, formats=["md"])
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## selfshop: Weekly storefront audit")
    assert text.endswith((run_dir / "summary.md").read_text(encoding="utf-8"))


def test_no_step_summary_without_the_variable(
    run: Run, run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    written = write_reports(run, run_dir, formats=["md"], index=False)
    assert list(written) == ["md"]
