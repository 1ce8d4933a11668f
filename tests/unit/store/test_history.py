"""Run history in SQLite: previous runs, trends, listings, migrations and the schema guard."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sample_runs import sample_run

from selfshop.errors import EnvironmentProblem
from selfshop.models.results import Run
from selfshop.store.history import DB_NAME, History, find_previous, output_root, scan_runs
from selfshop.store.migrate import HEAD


def test_previous_is_the_latest_earlier_run_of_the_same_audit(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    history = History(tmp_path / DB_NAME)
    other = sample_run(
        tmp_path / "other",
        journeys=1,
        steps=1,
        audit="Another audit",
        run_id="other",
        started_at="2026-11-21T07:00:00+00:00",
    )
    history.record(previous, run_dir.parent / previous.run_id)
    history.record(other, tmp_path / "other")
    history.record(run, run_dir)
    found = history.previous(run.audit, run.run_id)
    assert found is not None and found.run_id == previous.run_id
    assert history.previous(run.audit, previous.run_id) is None  # nothing before the first
    # a run not recorded yet (the pipeline asks before recording) gets the newest one
    assert history.previous(run.audit, "not-recorded-yet") is not None


def test_previous_skips_runs_whose_folder_was_deleted(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    history = History(tmp_path / DB_NAME)
    history.record(previous, run_dir.parent / previous.run_id)
    history.record(run, run_dir)
    shutil.rmtree(run_dir.parent / previous.run_id)
    assert history.previous(run.audit, run.run_id) is None


def test_runs_are_listed_newest_first_with_their_verdicts(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    history = History(tmp_path / DB_NAME)
    history.record(run, run_dir)
    history.record(previous, run_dir.parent / previous.run_id)
    history.record(run, run_dir)  # recording again replaces, never duplicates
    runs = history.runs()
    assert [r.run_id for r in runs] == [run.run_id, previous.run_id]
    assert runs[0].run_dir == run_dir.resolve()
    assert [(p.key, p.verdict) for p in runs[0].journeys] == [
        (j.key, j.verdict.value) for j in run.journeys
    ]
    assert history.runs("Another audit") == []


def test_trend_is_a_journeys_scores_oldest_first(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    history = History(tmp_path / DB_NAME)
    history.record(run, run_dir)
    history.record(previous, run_dir.parent / previous.run_id)
    key = run.journeys[0].key
    trend = history.trend(key)
    assert [p.run_id for p in trend] == [previous.run_id, run.run_id]
    assert trend[-1].score == run.journeys[0].score
    assert key in history.journey_keys(run.audit)


def test_steps_and_findings_are_stored_with_keys(tmp_path: Path, run: Run, run_dir: Path) -> None:
    History(tmp_path / DB_NAME).record(run, run_dir)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        steps = db.execute("SELECT COUNT(*) FROM steps").fetchone()[0]
        keys = {row[0] for row in db.execute("SELECT finding_key FROM findings")}
        version = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert steps == sum(len(j.steps) for j in run.journeys)
    assert keys == {r.finding.key for r in run.fix_first}
    assert version == HEAD


def test_a_history_from_a_newer_selfshop_is_refused(
    tmp_path: Path, run: Run, run_dir: Path
) -> None:
    History(tmp_path / DB_NAME).record(run, run_dir)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(EnvironmentProblem, match=r"newer selfshop \(history revision 0099"):
        History(tmp_path / DB_NAME).runs()


def test_a_history_already_at_head_is_read_without_loading_alembic(
    tmp_path: Path, run: Run, run_dir: Path
) -> None:
    """Every run opens the history; only one that needs migrating pays for loading Alembic
    (a fresh interpreter, so no other test has loaded it)."""
    History(tmp_path / DB_NAME).record(run, run_dir)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from selfshop.store.history import History\n"
        f"runs = History(Path({str(tmp_path / DB_NAME)!r})).runs()\n"
        "print(len(runs), 'alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["1", "False"]


# The schema of history.sqlite files written before the history had migrations.
LEGACY_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY, audit TEXT NOT NULL, started_at TEXT NOT NULL,
    started_utc TEXT NOT NULL, finished_at TEXT, base_url TEXT, walker TEXT,
    standards_version TEXT, run_dir TEXT NOT NULL, gate_passed INTEGER NOT NULL,
    interrupted INTEGER NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE journeys (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    journey_key TEXT NOT NULL, journey_id TEXT NOT NULL, device TEXT NOT NULL,
    title TEXT NOT NULL, score REAL, verdict TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (run_id, journey_key));
CREATE TABLE steps (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    journey_key TEXT NOT NULL, step_index INTEGER NOT NULL, name TEXT NOT NULL,
    status TEXT NOT NULL, score REAL, verdict TEXT NOT NULL,
    PRIMARY KEY (run_id, journey_key, step_index));
CREATE TABLE findings (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL, check_id TEXT NOT NULL, standard TEXT NOT NULL,
    severity TEXT NOT NULL, message TEXT NOT NULL, priority REAL NOT NULL,
    places TEXT NOT NULL, PRIMARY KEY (run_id, finding_key));
INSERT INTO runs VALUES ('old-run', 'Weekly storefront audit', '2026-11-01T07:00:00+00:00',
    '2026-11-01T07:00:00+00:00', NULL, NULL, 'automated', '', 'gone', 1, 0, '');
INSERT INTO journeys VALUES ('old-run', 'buy@desktop', 'buy', 'desktop', 'Buy', 77.5, 'middle', 0);
"""


def test_a_history_from_before_migrations_is_upgraded_in_place(
    tmp_path: Path, run: Run, run_dir: Path
) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.executescript(LEGACY_SCHEMA)
    history = History(tmp_path / DB_NAME)
    history.record(run, run_dir)
    runs = history.runs()
    assert [r.run_id for r in runs] == [run.run_id, "old-run"]
    assert runs[1].journeys[0].score == 77.5 and runs[1].journeys[0].standard_scores == {}
    assert runs[0].journeys[0].standard_scores == run.journeys[0].standard_scores


def test_a_legacy_history_from_a_newer_selfshop_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.executescript(LEGACY_SCHEMA.replace("'schema_version', '1'", "'schema_version', '7'"))
    with pytest.raises(EnvironmentProblem, match=r"newer selfshop \(history schema 7\)"):
        History(tmp_path / DB_NAME).runs()


def test_a_corrupt_history_is_an_environment_problem(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(EnvironmentProblem, match="not a readable history"):
        History(tmp_path / DB_NAME).runs()


def test_without_history_the_previous_run_is_found_on_disk(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    reports = tmp_path / "reports"
    (run_dir.parent / "latest").symlink_to(run_dir.name)
    assert [r.run_id for _, r in scan_runs(reports)] == [run.run_id, previous.run_id]
    assert output_root(run_dir) == reports
    found = find_previous(reports, run)
    assert found is not None and found.run_id == previous.run_id


def _interrupt(run: Run, run_dir: Path) -> Run:
    """The run as Ctrl-C leaves it: marked interrupted, its last journey's steps never walked."""
    from selfshop.models.evidence import INTERRUPTED_STEP, StepStatus

    cut = run.model_copy(deep=True)
    cut.interrupted = True
    for step in cut.journeys[-1].steps:
        step.evidence.status = StepStatus.not_reached
        step.evidence.error = INTERRUPTED_STEP
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "run.json").write_text(cut.model_dump_json(), encoding="utf-8")
    return cut


def test_an_interrupted_run_is_never_the_baseline(
    tmp_path: Path, run: Run, run_dir: Path, previous: Run
) -> None:
    reports = tmp_path / "reports"
    stopped_dir = run_dir.parent / "2026-11-20T07-00-00Z"
    stopped = _interrupt(
        previous.model_copy(
            update={"run_id": "stopped", "started_at": "2026-11-20T07:00:00+00:00"}
        ),
        stopped_dir,
    )
    history = History(reports / DB_NAME)
    history.record(previous, run_dir.parent / previous.run_id)
    history.record(stopped, stopped_dir)
    found = history.previous(run.audit, run.run_id)
    assert found is not None and found.run_id == previous.run_id
    # without a history, scanning the folders skips it too
    (reports / DB_NAME).unlink()
    found = find_previous(reports, run)
    assert found is not None and found.run_id == previous.run_id


def test_journeys_an_interrupted_run_never_finished_are_not_recorded_as_scores(
    tmp_path: Path, run: Run, run_dir: Path
) -> None:
    stopped = _interrupt(run, run_dir)
    history = History(tmp_path / DB_NAME)
    history.record(stopped, run_dir)
    recorded = {p.key for p in history.runs()[0].journeys}
    assert stopped.journeys[-1].key not in recorded
    assert stopped.journeys[0].key in recorded
    assert history.trend(stopped.journeys[-1].key) == []
