"""Sample runs on disk (run.json + small PNG artefacts) for the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_runs import sample_run

from selfshop.models.results import Run


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return tmp_path / "reports" / "weekly-storefront-audit" / "2026-11-22T07-00-00Z"


@pytest.fixture
def run(run_dir: Path) -> Run:
    return sample_run(run_dir, journeys=3, steps=4)


@pytest.fixture
def previous(tmp_path: Path) -> Run:
    """The same audit a week earlier: better scores, and one finding since fixed."""
    folder = tmp_path / "reports" / "weekly-storefront-audit" / "2026-11-15T07-00-00Z"
    earlier = sample_run(
        folder,
        journeys=3,
        steps=4,
        seed=1,
        score_shift=5,
        run_id="2026-11-15T07-00-00Z",
        started_at="2026-11-15T07:00:00+00:00",
    )
    earlier.fix_first[0].finding.key = "old-problem:gone"
    (folder / "run.json").write_text(earlier.model_dump_json(indent=2), encoding="utf-8")
    return earlier
