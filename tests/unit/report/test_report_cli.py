"""`selfshop report` and `selfshop history` as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.models.results import Run
from selfshop.store.history import DB_NAME, History

runner = CliRunner()


def selfshop(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, so exit codes and messages are what a user sees."""
    return subprocess.run(
        [sys.executable, "-m", "selfshop", *args], capture_output=True, text=True, check=False
    )


def test_report_regenerates_chosen_formats_and_compares_with_the_last_run(
    run: Run, run_dir: Path, previous: Run
) -> None:
    result = runner.invoke(app, ["report", str(run_dir), "--format", "md,junit"])
    assert result.exit_code == 0, result.output
    assert f"Compared with run {previous.run_id}" in result.output
    assert (run_dir / "summary.md").is_file() and (run_dir / "junit.xml").is_file()
    assert not (run_dir / "report.html").exists()
    assert "Since the last run: 1 new, 1 fixed" in (run_dir / "summary.md").read_text()
    assert (run_dir.parent.parent / "index.html").is_file()


def test_report_to_another_folder_leaves_the_run_alone(
    run: Run, run_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["report", str(run_dir / "run.json"), "-o", str(out), "--no-compare", "-f", "html,json"],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["artefacts", "report.html", "run.json"]
    assert Run.model_validate_json((out / "run.json").read_text()) == run
    # every link resolves from the report's own folder: the folder can be sent as it is
    links = relative_links((out / "report.html").read_text())
    assert links and all(not link.startswith("../") for link in links)
    assert all((out / unquote(link)).is_file() for link in links)


def relative_links(html: str) -> list[str]:
    found = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    return [link for link in found if not link.startswith(("data:", "http:", "https:"))]


def test_single_file_embeds_every_picture_and_says_its_size(
    run: Run, run_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mail"
    result = runner.invoke(
        app, ["report", str(run_dir), "-o", str(out), "--no-compare", "--single-file", "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text()
    assert [link for link in relative_links(html) if not link.endswith(".zip")] == []
    assert "data:image/png;base64," in html
    assert not (out / "artefacts").exists()
    assert re.search(r"report\.html\s+\(\d+(\.\d)? (kB|MB), pictures embedded\)", result.output)


def test_report_errors_are_one_line_with_exit_code_2(run_dir: Path, tmp_path: Path) -> None:
    missing = selfshop("report", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no run.json here" in missing.stderr and "Traceback" not in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"run_id": "x",\n  "audit": }')
    bad = selfshop("report", str(broken))
    assert bad.returncode == 2
    assert f"{broken}:2:12: not valid JSON" in bad.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"run_id": "x"}')
    assert "audit: Field required" in selfshop("report", str(wrong)).stderr


def test_unknown_format_is_a_usage_error(run: Run, run_dir: Path) -> None:
    result = selfshop("report", str(run_dir), "--format", "pdf")
    assert result.returncode == 2
    assert "unknown report format pdf" in result.stderr


def test_history_shows_trends_per_journey(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    reports = tmp_path / "reports"
    history = History(reports / DB_NAME)
    history.record(previous, run_dir.parent / previous.run_id)
    history.record(run, run_dir)
    result = runner.invoke(app, ["history", "--reports", str(reports)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Journeys over the last 2 runs" in result.output
    now, before = run.journeys[0], previous.journeys[0]
    assert now.score is not None and before.score is not None
    assert now.key in result.output and f"{now.score - before.score:+.1f}" in result.output
    one = runner.invoke(
        app, ["history", "-r", str(reports), "-j", "journey-03@mobile"], env={"COLUMNS": "200"}
    )
    assert one.exit_code == 0, one.output
    assert one.output.count("redesign") == 2


def test_history_without_a_database_reads_run_folders(
    tmp_path: Path, run: Run, previous: Run
) -> None:
    result = runner.invoke(
        app, ["history", "-r", str(tmp_path / "reports")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Runs, newest first" in result.output


def test_history_names_the_audits_it_knows(tmp_path: Path, run: Run) -> None:
    result = selfshop("history", "Nope", "-r", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert "known audits: Weekly storefront audit" in result.stderr
    empty = selfshop("history", "-r", str(tmp_path / "empty"))
    assert empty.returncode == 0 and "No runs recorded" in empty.stdout
