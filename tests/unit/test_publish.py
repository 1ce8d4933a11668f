"""The one judge-and-publish path: a guided walk is published like an automated run."""

from __future__ import annotations

import re
from pathlib import Path

from selfshop.models.journey import Journey
from selfshop.models.standards import Standards
from selfshop.publish import finish_walk, standards_version
from selfshop.store.history import DB_NAME, History
from selfshop.store.runfolder import LATEST, read_run
from selfshop.walk.guided import StepAnswer, WalkSession

STANDARDS = Standards.model_validate(
    {"organisation": "Acme", "standards": [{"id": "courtesy", "title": "Courtesy"}]}
)
CALL = Journey.model_validate(
    {"id": "call", "title": "Call us", "channel": "phone", "steps": [{"name": "Get through"}]}
)


def test_a_finished_walk_gets_run_json_reports_history_and_latest(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    session = WalkSession.start(CALL, STANDARDS, auditor="Dana", out_dir=out)
    session.record_step(0, StepAnswer(ratings={"courtesy": 2}, notes="Twenty minutes on hold"))
    published = finish_walk(session, out)

    saved = read_run(session.folder)
    assert saved == published.run
    assert str(saved.walker) == "guided:Dana" and saved.walker.auditor == "Dana"
    assert {"html", "junit", "md"} <= set(published.reports)
    assert [r.run_id for r in History(out / DB_NAME).runs()] == [saved.run_id]
    assert (session.folder.parent / LATEST).resolve() == session.folder.resolve()


def test_the_standards_version_is_one_format_and_follows_the_file(tmp_path: Path) -> None:
    charter = tmp_path / "standards.yaml"
    charter.write_text("organisation: Acme\n", encoding="utf-8")
    first = standards_version(charter, STANDARDS)
    assert re.fullmatch(r"sha256:[0-9a-f]{12}", first)
    assert standards_version(charter, STANDARDS) == first
    charter.write_text("organisation: Acme Outfitters\n", encoding="utf-8")
    assert standards_version(charter, STANDARDS) != first
    # Without a readable file, the loaded standards themselves are hashed.
    assert re.fullmatch(r"sha256:[0-9a-f]{12}", standards_version(None, STANDARDS))
