"""A run that never started is never shown as passed, and never becomes the baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfshop.errors import EnvironmentProblem
from selfshop.load.files import inline_audit
from selfshop.models.audit import Audit
from selfshop.models.journey import Journey
from selfshop.report.index import write_index
from selfshop.store.history import find_previous
from selfshop.store.runfolder import read_run

STANDARDS = Path(__file__).parents[2] / "standards.yaml"


def test_a_run_without_chromium_is_incomplete_not_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFSHOP_CHROMIUM", str(tmp_path / "no-such-chrome"))
    journey = Journey.model_validate(
        {"id": "home", "title": "Home", "start": "/", "steps": [{"name": "Arrive", "do": []}]}
    )
    audit = Audit.model_validate(
        {"name": "never started", "base_url": "http://127.0.0.1:9", "journeys": ["inline"]}
    )
    loaded = inline_audit(audit, [journey], STANDARDS, tmp_path)
    from selfshop.pipeline import run_audit

    with pytest.raises(EnvironmentProblem):
        run_audit(loaded, workers=1, progress=False, output_dir=tmp_path)
    run_files = list(tmp_path.glob("*/*/run.json"))
    assert len(run_files) == 1
    run = read_run(run_files[0].parent)
    assert run.interrupted and not run.gate.passed
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert ">incomplete<" in page and ">passed<" not in page
    later = run.model_copy(update={"run_id": "next", "started_at": "2999-01-01T00:00:00+00:00"})
    assert find_previous(tmp_path, later) is None
