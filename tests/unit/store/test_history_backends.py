"""The same history behaviour on both backends: a SQLite file and a real PostgreSQL (a
throwaway cluster that the session starts on 127.0.0.1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sample_runs import sample_run
from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.errors import EnvironmentProblem
from selfshop.models.results import Run
from selfshop.store.history import DB_NAME, HISTORY_ENV, open_history
from selfshop.store.sql import SqlHistory


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    if request.param == "sqlite":
        return tmp_path / "reports" / DB_NAME
    url: str = request.getfixturevalue("postgres_url")
    return url


def reports_of(tmp_path: Path) -> Path:
    return tmp_path / "reports"


def two_runs(tmp_path: Path) -> tuple[tuple[Run, Path], tuple[Run, Path]]:
    folder = reports_of(tmp_path) / "weekly"
    first_dir, second_dir = folder / "first", folder / "second"
    first = sample_run(
        first_dir, journeys=2, steps=2, seed=1, score_shift=8, run_id="first",
        started_at="2026-11-15T07:00:00+00:00",
    )  # fmt: skip
    second = sample_run(second_dir, journeys=2, steps=2, run_id="second")
    for run, run_dir in ((first, first_dir), (second, second_dir)):
        (run_dir / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    return (first, first_dir), (second, second_dir)


def test_record_previous_runs_and_trend(tmp_path: Path, location: str | Path) -> None:
    (first, first_dir), (second, second_dir) = two_runs(tmp_path)
    history = SqlHistory(location, base_dir=reports_of(tmp_path))
    history.record(first, first_dir)
    history.record(second, second_dir)
    history.record(second, second_dir)  # recording again replaces, never duplicates
    found = history.previous(second.audit, second.run_id)
    assert found is not None and found.run_id == "first"
    runs = history.runs(second.audit)
    assert [r.run_id for r in runs] == ["second", "first"]
    assert runs[0].run_dir == second_dir.resolve()
    key = second.journeys[0].key
    assert runs[0].journeys[0].standard_scores == second.journeys[0].standard_scores
    assert [p.score for p in history.trend(key)] == [
        first.journeys[0].score,
        second.journeys[0].score,
    ]
    assert history.journey_keys(second.audit) == sorted({j.key for j in second.journeys})
    assert history.runs("another audit") == []


def test_a_shared_history_remembers_runs_made_on_another_machine(
    tmp_path: Path, postgres_url: str
) -> None:
    """Machine A records a run; machine B (another output folder, no run folders) sharing
    the database still compares with it: the run comes back from the database."""
    (first, first_dir), (second, _) = two_runs(tmp_path)
    SqlHistory(postgres_url, base_dir=reports_of(tmp_path)).record(first, first_dir)
    machine_b = SqlHistory(postgres_url, base_dir=tmp_path / "machine-b" / "reports")
    remembered = machine_b.previous(second.audit, second.run_id)
    assert remembered is not None and remembered.run_id == "first"
    assert [(j.key, j.score, j.verdict) for j in remembered.journeys] == [
        (j.key, j.score, j.verdict) for j in first.journeys
    ]
    assert {r.finding.key for r in remembered.fix_first} == {r.finding.key for r in first.fix_first}


def test_a_deleted_folder_in_a_local_history_is_skipped(tmp_path: Path) -> None:
    (first, first_dir), (second, _) = two_runs(tmp_path)
    history = open_history(reports_of(tmp_path))
    history.record(first, first_dir)
    shutil.rmtree(first_dir)
    assert history.previous(second.audit, second.run_id) is None


def test_migrate_history_moves_a_sqlite_file_in_one_command(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (first, first_dir), (second, second_dir) = two_runs(tmp_path)
    local = open_history(reports_of(tmp_path))
    local.record(first, first_dir)
    local.record(second, second_dir)
    runner = CliRunner()
    sqlite_file = str(reports_of(tmp_path) / DB_NAME)
    for _ in range(2):  # twice: the second copy replaces the first
        result = runner.invoke(app, ["migrate-history", sqlite_file, postgres_url])
        assert result.exit_code == 0, result.output
        assert "Copied 2 run(s)" in result.output
    shared = SqlHistory(postgres_url, base_dir=reports_of(tmp_path))
    assert [r.run_id for r in shared.runs()] == ["second", "first"]
    assert shared.runs()[0].run_dir == second_dir.resolve()
    monkeypatch.setenv(HISTORY_ENV, postgres_url)
    listed = runner.invoke(
        app, ["history", "--reports", str(tmp_path / "elsewhere")], env={"COLUMNS": "200"}
    )
    assert listed.exit_code == 0 and "Journeys over the last 2 runs" in listed.output


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    from receivers import free_port

    url = f"postgresql://cx:hunter2@127.0.0.1:{free_port()}/selfshop"
    with pytest.raises(EnvironmentProblem) as caught:
        SqlHistory(url, base_dir=tmp_path).runs()
    message = str(caught.value)
    assert message.startswith("the history at postgresql+psycopg://cx:***@127.0.0.1:")
    assert "hunter2" not in message and "\n" not in message
