"""The guide panel's answers, without a browser: moves, refusals, drafts, photos, state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selfshop.aio import run_sync
from selfshop.models.journey import Journey
from selfshop.models.standards import Standards
from selfshop.walk.browser_guide import BrowserGuide
from selfshop.walk.guide_desk import GuideDesk
from selfshop.walk.guided import StepAnswer, WalkSession, read_walk

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "standards": [
            {"id": "courtesy", "title": "Courtesy", "behaviours": ["Be kind"]},
            {"id": "legacy", "title": "Legacy", "weight": 0},
        ],
    }
)
PHONE = Journey.model_validate(
    {
        "id": "call",
        "title": "Call",
        "channel": "phone",
        "steps": [
            {"name": "Ring", "measure": [{"id": "minutes", "prompt": "Minutes"}]},
            {"name": "Talk"},
        ],
    }
)


def guide(tmp_path: Path) -> BrowserGuide:
    session = WalkSession.start(PHONE, STANDARDS, auditor="Dana", out_dir=tmp_path)
    no_browser: Any = None  # these requests never reach the browser
    return BrowserGuide(session, no_browser, "http://127.0.0.1:9/")


def post(g: GuideDesk, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return run_sync(g.handle("POST", "/api/step", body))


def test_state_shows_the_step_and_the_standards_that_count(tmp_path: Path) -> None:
    status, state = run_sync(guide(tmp_path).handle("GET", "/api/state", {}))
    assert status == 200
    assert (state["index"], state["total"], state["finished"]) == (0, 2, False)
    assert state["step"]["measures"] == [{"id": "minutes", "prompt": "Minutes", "unit": None}]
    assert [s["id"] for s in state["standards"]] == ["courtesy"]  # weight 0 is not asked


def test_back_keeps_a_change_to_a_saved_step(tmp_path: Path) -> None:
    g = guide(tmp_path)
    g.session.record_step(0, StepAnswer(ratings={"courtesy": 2}))
    g.session.record_step(1, StepAnswer(ratings={"courtesy": 3}))
    g.index = 1
    status, reply = post(g, {"index": 1, "move": "back", "answer": {"ratings": {"courtesy": 9}}})
    assert status == 400 and "must be 1-5" in reply["error"]  # nothing half-saved
    status, state = post(g, {"index": 1, "move": "back", "answer": {"ratings": {"courtesy": 5}}})
    assert status == 200 and state["index"] == 0
    assert state["answer"]["ratings"] == {"courtesy": 2}
    assert [s.guided[0].ratings for s in read_walk(g.session.folder).steps] == [
        {"courtesy": 2},
        {"courtesy": 5},
    ]


def test_wrong_requests_are_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    g = guide(tmp_path)
    refusals = [
        ({"index": 1, "move": "next", "answer": {}}, "out of step"),
        ({"index": 0, "move": "back", "answer": {}}, "first step"),
        ({"index": 0, "move": "sideways", "answer": {}}, "'next' or 'back'"),
        ({"index": 0, "move": "next", "answer": "five"}, "an answer is required"),
    ]
    for body, message in refusals:
        status, reply = post(g, body)
        assert status == 400 and message in reply["error"]
    assert run_sync(g.handle("GET", "/api/nothing", {}))[0] == 404
    assert read_walk(g.session.folder).steps == []


PHONE_CHARTER = Standards.model_validate(
    {
        "organisation": "Acme",
        "standards": [
            {
                "id": "courtesy",
                "title": "Courtesy",
                "questions": [
                    {"text": "Was the page kind?", "channels": ["web"]},
                    {"text": "Were you greeted?", "low": "Ignored", "high": "Welcomed"},
                ],
            }
        ],
    }
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def phone_guide(tmp_path: Path) -> GuideDesk:
    """The panel's answers without a browser here, as a phone walk has them."""
    session = WalkSession.start(PHONE, PHONE_CHARTER, auditor="Dana", out_dir=tmp_path)
    return GuideDesk(session)


def test_the_panel_asks_the_channels_questions_with_their_scale(tmp_path: Path) -> None:
    _, state = run_sync(phone_guide(tmp_path).handle("GET", "/api/state", {}))
    (courtesy,) = state["standards"]
    assert courtesy["questions"] == ["Were you greeted?"]  # the web question is not for a call
    assert (courtesy["low"], courtesy["high"]) == ("Ignored", "Welcomed")


def test_an_unsaved_answer_left_by_back_is_offered_again(tmp_path: Path) -> None:
    g = phone_guide(tmp_path)
    post(g, {"index": 0, "move": "next", "answer": {"ratings": {"courtesy": 4}}})
    answer = {"ratings": {"courtesy": 2}, "notes": "Put on hold twice", "measures": {}}
    status, state = post(g, {"index": 1, "move": "back", "answer": answer})
    assert status == 200 and state["answer"]["ratings"] == {"courtesy": 4}
    status, state = post(g, {"index": 0, "move": "next", "answer": {"ratings": {"courtesy": 4}}})
    assert state["index"] == 1
    assert state["answer"]["ratings"] == {"courtesy": 2}
    assert state["answer"]["notes"] == "Put on hold twice"
    assert len(read_walk(g.session.folder).steps) == 1  # offered, not saved until Next


def test_a_photo_joins_its_step_at_next_and_is_kept_on_back(tmp_path: Path) -> None:
    g = phone_guide(tmp_path)
    status, reply = run_sync(g.handle("POST", "/api/photo", {"index": 1, "data": JPEG}))
    assert status == 400 and "out of step" in reply["error"]
    status, reply = run_sync(g.handle("POST", "/api/photo", {"index": 0, "data": b"<html>"}))
    assert status == 400 and "only JPEG" in reply["error"]
    status, state = run_sync(g.handle("POST", "/api/photo", {"index": 0, "data": JPEG}))
    assert status == 200 and state["photos"] == ["artefacts/guided-step1-photo-1.jpg"]
    post(g, {"index": 0, "move": "next", "answer": {}})
    status, state = post(g, {"index": 1, "move": "back", "answer": {}})
    assert state["photos"] == ["artefacts/guided-step1-photo-1.jpg"]
    (saved,) = read_walk(g.session.folder).steps
    assert saved.guided[0].attachments == ["artefacts/guided-step1-photo-1.jpg"]
