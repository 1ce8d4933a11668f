"""The small public API: `from selfshop import ...` works as the README shows, and stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import selfshop
from selfshop.models.results import Run

REPO = Path(__file__).resolve().parents[2]


def test_a_saved_run_is_rejudged_and_reported_through_the_public_names(
    run: Run, run_dir: Path, tmp_path: Path
) -> None:
    from selfshop import load_standards, read_run, rejudge, write_reports

    saved = read_run(run_dir)
    assert saved.run_id == run.run_id
    again = rejudge(saved, load_standards(REPO / "standards.yaml"))
    assert [j.key for j in again.journeys] == [j.key for j in run.journeys]
    written = write_reports(again, run_dir, formats=["md"], out_dir=tmp_path, index=False)
    assert written["md"].read_text().startswith("#")


def test_history_and_check_are_the_real_ones(tmp_path: Path) -> None:
    from selfshop import History, check
    from selfshop.judge.checks import REGISTRY

    assert History(tmp_path / "history.sqlite").runs() == []
    assert check.__module__ == "selfshop.judge.checks.registry"
    assert REGISTRY.get("page-title") is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'walk_everything'"):
        _ = selfshop.walk_everything


def test_importing_selfshop_loads_nothing_heavy() -> None:
    """`selfshop --help` imports the package: the browser and the checks load only when used."""
    code = "import sys, selfshop; print(sorted(m for m in ('playwright', 'selfshop.pipeline', "
    code += "'selfshop.judge.checks') if m in sys.modules))"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"
