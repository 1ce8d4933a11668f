"""Files are written whole or not at all, and readable by whoever the user shares them with."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from selfshop.store import atomic


def test_a_written_file_is_whole_and_shareable(tmp_path: Path) -> None:
    path = atomic.write_text(tmp_path / "deep" / "report.html", "<p>ok</p>")
    assert path.read_text() == "<p>ok</p>"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = atomic.write_text(tmp_path / "run.json", "old")

    def refuse(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("selfshop.store.atomic.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_text(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]
