"""`selfshop diff RUN_A RUN_B`: verdicts, scores and findings new / fixed / unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.models.results import Run, Verdict
from selfshop.report.diff import diff_runs

runner = CliRunner()


def test_diff_names_every_journey_and_sorts_findings(run: Run, previous: Run) -> None:
    run.journeys[0].verdict = Verdict.middle  # proud last time: now worse
    result = diff_runs(previous, run)
    first, now, then = result.journeys[0], run.journeys[0], previous.journeys[0]
    assert then.verdict is Verdict.proud and now.score is not None and then.score is not None
    assert (first.before, first.after, first.worse) == (
        f"Proud {then.score:.0f}",
        f"Not proud yet {now.score:.0f}",
        True,
    )
    assert first.change == f"{now.score - then.score:+.1f} (was proud)"
    assert [f.message for f in result.fixed] == [previous.fix_first[0].finding.message]
    assert [f.message for f in result.new] == [run.fix_first[0].finding.message]
    assert len(result.unchanged) == len(run.fix_first) - 1


def test_diff_in_the_terminal(run: Run, run_dir: Path, previous: Run, tmp_path: Path) -> None:
    before = tmp_path / "reports" / "weekly-storefront-audit" / previous.run_id
    result = runner.invoke(app, ["diff", str(before), str(run_dir)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    now, then = run.journeys[0], previous.journeys[0]
    assert now.score is not None and then.score is not None
    assert "journey-01@desktop" in result.output
    assert f"{now.score - then.score:+.1f}" in result.output
    assert "New findings: 1" in result.output
    assert "Fixed findings: 1" in result.output
    assert f"Unchanged findings: {len(run.fix_first) - 1}" in result.output


def test_diff_as_a_page_escapes_site_text_and_keeps_the_csp(
    run: Run, run_dir: Path, previous: Run, tmp_path: Path
) -> None:
    run.fix_first[0].finding.message = "<script>alert(1)</script> from the site"
    (run_dir / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    before = tmp_path / "reports" / "weekly-storefront-audit" / previous.run_id
    page = tmp_path / "diff.html"
    result = runner.invoke(app, ["diff", str(before), str(run_dir), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; from the site" in html
    assert "<script>alert" not in html
    assert "default-src &#39;none&#39;" in html
    assert '<h2 id="new">New findings (1)</h2>' in html
    assert '<tr data-journey="journey-03@mobile">' in html


def test_diff_of_a_folder_without_a_run_is_one_line_and_exit_2(
    tmp_path: Path, run: Run, run_dir: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "selfshop", "diff", str(tmp_path), str(run_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "no run.json here; give a run folder such as reports/weekly-storefront-audit/latest"
    )
    assert "Traceback" not in result.stderr
