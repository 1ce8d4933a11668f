"""The run folder: atomic run.json, never reusing a folder, and the `latest` pointer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from selfshop.models.results import Run
from selfshop.store.runfolder import RunFolder, latest_run_dir, point_latest, read_run, slugify


def test_audit_names_become_folder_names() -> None:
    assert slugify("Weekly storefront audit!") == "weekly-storefront-audit"
    assert slugify("///") == "audit"


def test_two_runs_in_the_same_second_get_two_folders(tmp_path: Path) -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    first = RunFolder.create(tmp_path, "Demo", moment)
    second = RunFolder.create(tmp_path, "Demo", moment)
    assert first.path != second.path
    assert first.path.parent == tmp_path / "demo"
    assert first.path.name == "2026-01-02T03-04-05Z"
    assert first.artefacts.is_dir()


def test_run_json_round_trips_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, "Demo")
    run = Run(run_id="r1", audit="Demo", started_at="2026-01-01T00:00:00+00:00", interrupted=True)
    folder.write_run(run)
    assert read_run(folder.path) == run
    assert sorted(p.name for p in folder.path.iterdir()) == ["artefacts", "run.json"]


def test_latest_points_at_the_newest_run(tmp_path: Path) -> None:
    older = RunFolder.create(tmp_path, "Demo", datetime(2026, 1, 1, tzinfo=UTC))
    newer = RunFolder.create(tmp_path, "Demo", datetime(2026, 1, 2, tzinfo=UTC))
    older.point_latest()
    newer.point_latest()
    assert latest_run_dir(tmp_path / "demo") == newer.path.resolve()


def test_latest_falls_back_to_a_pointer_file_without_symlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = RunFolder.create(tmp_path, "Demo")

    def no_symlinks(self: Path, target: str, target_is_directory: bool = False) -> None:
        raise OSError("symlinks are not allowed here")

    monkeypatch.setattr(Path, "symlink_to", no_symlinks)
    pointer = point_latest(folder.path)
    assert pointer.name == "latest.txt"
    assert latest_run_dir(tmp_path / "demo") == folder.path
