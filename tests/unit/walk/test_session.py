"""The walk session: answers become evidence, saved at every step, resumable, files copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selfshop.errors import UsageError
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.models.results import Walker
from selfshop.models.standards import Standards
from selfshop.walk.guided import (
    WALK_FILE,
    StepAnswer,
    WalkSession,
    find_unfinished,
    read_walk,
    sanitise_filename,
)

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "standards": [
            {
                "id": "courtesy",
                "title": "Courtesy",
                "behaviours": ["Greet warmly"],
                "questions": ["Were you greeted?"],
            },
            {"id": "efficiency", "title": "Efficiency"},
        ],
    }
)
PHONE = Journey.model_validate(
    {
        "id": "call-help-line",
        "title": "Call the help line",
        "channel": "phone",
        "steps": [
            {
                "name": "Get through",
                "measure": [{"id": "minutes_waited", "prompt": "Minutes on hold"}],
            },
            {"name": "Explain the problem", "ask": "Did they listen?"},
            {"name": "Hang up"},
        ],
    }
)


def start(tmp_path: Path, auditor: str = "Dana") -> WalkSession:
    return WalkSession.start(PHONE, STANDARDS, auditor=auditor, out_dir=tmp_path / "reports")


def saved(session: WalkSession) -> dict[str, object]:
    data: dict[str, object] = json.loads((session.folder / WALK_FILE).read_text())
    return data


def test_every_answered_step_is_on_disk_before_the_next(tmp_path: Path) -> None:
    session = start(tmp_path)
    assert saved(session)["steps"] == []
    session.record_step(
        0,
        StepAnswer(
            ratings={"courtesy": 4, "efficiency": None},
            measures={"minutes_waited": 12},
            notes="  Loud music ",
        ),
    )
    steps = saved(session)["steps"]
    assert isinstance(steps, list) and len(steps) == 1
    evidence = StepEvidence.model_validate(steps[0])
    rating = evidence.guided[0]
    assert (rating.auditor, rating.ratings, rating.measures, rating.notes) == (
        "Dana",
        {"courtesy": 4, "efficiency": None},
        {"minutes_waited": 12.0},
        "Loud music",
    )
    assert evidence.channel == "phone" and evidence.step_name == "Get through"
    assert evidence.device == "phone"  # a call is walked on no screen
    assert evidence.gathered == [EvidenceKind.guided]
    assert not [p for p in session.folder.iterdir() if p.name.endswith(".tmp")]


def test_a_resumed_walk_carries_on_at_the_first_unanswered_step(tmp_path: Path) -> None:
    session = start(tmp_path)
    session.record_step(0, StepAnswer(ratings={"courtesy": 3}))
    found = find_unfinished(tmp_path / "reports", journey_id="call-help-line")
    assert found == session.folder
    resumed = WalkSession.resume(found, PHONE, STANDARDS)
    assert resumed.next_index == 1
    resumed.record_step(1, StepAnswer(blocker=True))
    resumed.record_step(2, StepAnswer(skipped=True))
    walk = resumed.finish()
    assert walk.walker == Walker("Dana")
    assert [s.step_index for s in walk.steps] == [0, 1, 2]
    assert walk.steps[1].guided[0].blocker is True
    assert walk.steps[2].status is StepStatus.skipped
    assert find_unfinished(tmp_path / "reports") is None  # finished walks are never resumed
    with pytest.raises(UsageError, match="already finished"):
        WalkSession.resume(session.folder, PHONE, STANDARDS)


def test_find_unfinished_picks_the_auditors_own_walk(tmp_path: Path) -> None:
    dana, lee = start(tmp_path, "Dana"), start(tmp_path, "Lee")
    assert find_unfinished(tmp_path / "reports", auditor="Dana") == dana.folder
    assert find_unfinished(tmp_path / "reports", auditor="Lee") == lee.folder
    assert find_unfinished(tmp_path / "reports", journey_id="other") is None


def test_answering_a_step_again_replaces_its_rating_and_keeps_its_evidence(tmp_path: Path) -> None:
    session = start(tmp_path)
    photo = tmp_path / "queue.jpg"
    photo.write_bytes(b"jpeg")
    first = session.record_step(0, StepAnswer(ratings={"courtesy": 2}, attachments=[photo]))
    session.record_step(1, StepAnswer())
    again = session.record_step(0, StepAnswer(ratings={"courtesy": 5}, notes="changed my mind"))
    assert again.guided[0].ratings == {"courtesy": 5}
    assert again.guided[0].attachments == first.guided[0].attachments  # the photo stays
    assert read_walk(session.folder).steps[0].guided[0].notes == "changed my mind"
    assert session.next_index == 2


def test_attachments_are_copied_under_safe_names_never_linked(tmp_path: Path) -> None:
    session = start(tmp_path)
    original = tmp_path / "my photo (1)!.JPG"
    original.write_bytes(b"picture")
    link = tmp_path / ".hidden-link.png"
    link.symlink_to(original)
    evidence = session.record_step(0, StepAnswer(attachments=[original, link, original]))
    names = evidence.guided[0].attachments
    assert names == [
        "artefacts/guided-step1-my-photo-1.jpg",
        "artefacts/guided-step1-hidden-link.png",
        "artefacts/guided-step1-my-photo-1-2.jpg",
    ]
    for name in names:
        copied = session.folder / name
        assert copied.is_file() and not copied.is_symlink()
        assert copied.read_bytes() == b"picture"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (StepAnswer(ratings={"curtesy": 3}), "unknown standard 'curtesy'"),
        (StepAnswer(ratings={"courtesy": 6}), "must be 1-5"),
        (StepAnswer(measures={"transfers": 2}), "unknown measure 'transfers'"),
        (StepAnswer(measures={"minutes_waited": -3}), "cannot be negative"),
        (StepAnswer(attachments=[Path("/no/such/photo.jpg")]), "is not a file"),
    ],
)
def test_a_wrong_answer_is_refused_and_nothing_is_saved(
    tmp_path: Path, answer: StepAnswer, message: str
) -> None:
    session = start(tmp_path)
    with pytest.raises(UsageError, match=message):
        session.record_step(0, answer)
    assert saved(session)["steps"] == []


def test_steps_cannot_be_answered_out_of_order(tmp_path: Path) -> None:
    session = start(tmp_path)
    with pytest.raises(UsageError, match="before step 1"):
        session.record_step(1, StepAnswer())


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("photo.JPG", "photo.jpg"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".bashrc", "bashrc"),
        ("a b<script>.png", "a-b-script.png"),
        ("...", "file"),
    ],
)
def test_sanitise_filename(given: str, expected: str) -> None:
    assert sanitise_filename(given) == expected


def test_a_walk_of_a_journey_that_changed_is_not_resumed(tmp_path: Path) -> None:
    session = start(tmp_path)
    session.record_step(0, StepAnswer())
    renamed = PHONE.model_copy(update={"steps": [PHONE.steps[1], PHONE.steps[2]]})
    with pytest.raises(UsageError, match="step 1 was 'Get through', now 'Explain the problem'"):
        WalkSession.resume(session.folder, renamed, STANDARDS)
    session.record_step(1, StepAnswer())
    shorter = PHONE.model_copy(update={"steps": [PHONE.steps[0]]})
    with pytest.raises(UsageError, match="now has 1 steps, but this walk answered 2"):
        WalkSession.resume(session.folder, shorter, STANDARDS)
