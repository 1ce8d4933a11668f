"""--answers files: validated with file:line:column errors, and replayed into a saved walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfshop.errors import InputError
from selfshop.models.journey import Journey
from selfshop.models.standards import Standards
from selfshop.walk.answers import attachment_problems, check_against, load_answers, replay
from selfshop.walk.guided import WalkSession, read_walk

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "standards": [
            {"id": "courtesy", "title": "Courtesy"},
            {"id": "efficiency", "title": "Eff"},
        ],
    }
)
PHONE = Journey.model_validate(
    {
        "id": "call-help-line",
        "title": "Call the help line",
        "channel": "phone",
        "steps": [
            {"name": "Get through", "measure": [{"id": "minutes_waited", "prompt": "Minutes"}]},
            {"name": "Hang up"},
        ],
    }
)
GOOD = """\
auditor: Dana
journey: call-help-line
steps:
  - step: Get through
    ratings: {courtesy: 4, efficiency: null}
    measures: {minutes_waited: 12}
    notes: Hold music was loud.
    attachments: [queue.txt]
  - ratings: {courtesy: 2}
    blocker: true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        located = load_answers(write(tmp_path, text))
        check_against(located, PHONE, STANDARDS)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def test_replay_saves_every_answer(tmp_path: Path) -> None:
    (tmp_path / "queue.txt").write_text("ticket 42")
    located = load_answers(write(tmp_path, GOOD))
    check_against(located, PHONE, STANDARDS)
    session = WalkSession.start(PHONE, STANDARDS, auditor="Dana", out_dir=tmp_path / "out")
    replay(located, session)
    steps = read_walk(session.folder).steps
    assert [s.guided[0].ratings for s in steps] == [
        {"courtesy": 4, "efficiency": None},
        {"courtesy": 2},
    ]
    assert steps[0].guided[0].measures == {"minutes_waited": 12.0}
    assert steps[1].guided[0].blocker is True
    attached = session.folder / steps[0].guided[0].attachments[0]
    assert attached.read_text() == "ticket 42"


def test_a_rating_out_of_range_is_located(tmp_path: Path) -> None:
    text = GOOD.replace("courtesy: 2", "courtesy: 7").replace("attachments: [queue.txt]", "")
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith("answers.yaml:9:")
    assert "steps[1].ratings.courtesy" in found[0] and "less than or equal to 5" in found[0]


def test_a_misspelt_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("blocker: true", "blocked: true"))
    assert any("answers.yaml:10:5" in p and "did you mean 'blocker'" in p for p in found)


def test_answers_that_do_not_fit_the_journey_are_all_named(tmp_path: Path) -> None:
    text = (
        GOOD.replace("journey: call-help-line", "journey: refund")
        .replace("step: Get through", "step: Get lost")
        .replace("courtesy: 2", "curtesy: 2")
    )
    text = text.replace("minutes_waited: 12", "transfers: 2") + "  - notes: extra\n"
    found = problems(tmp_path, text)
    joined = "\n".join(found)
    assert "answers.yaml:2:10: journey: answers are for 'refund'" in joined
    assert "3 answers for a journey of 2 steps" in joined
    assert "step 1 is 'Get through', not 'Get lost'" in joined
    assert "unknown measure 'transfers'" in joined
    assert "unknown standard 'curtesy'" in joined
    assert "attachment" in joined  # queue.txt does not exist here


def test_an_empty_file_is_a_located_error(tmp_path: Path) -> None:
    assert problems(tmp_path, "")[0].startswith("answers.yaml:1:1")


def test_a_resumed_replay_records_only_the_steps_left(tmp_path: Path) -> None:
    (tmp_path / "queue.txt").write_text("ticket 42")
    located = load_answers(write(tmp_path, GOOD))
    session = WalkSession.start(PHONE, STANDARDS, auditor="Dana", out_dir=tmp_path / "out")
    session.record_step(0, located.step_answer(0))
    first_saved = read_walk(session.folder).steps[0]
    replay(located, session)
    steps = read_walk(session.folder).steps
    assert steps[0] == first_saved  # untouched: not copied twice, not re-timed
    assert steps[1].guided[0].blocker is True


ATTACHING = """\
auditor: Dana
journey: call-help-line
steps:
  - attachments: [{path}]
"""


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (lambda root: Path("/proc/self/environ"), "is outside the project folder"),
        (lambda root: _linked(root, "/etc/hostname"), "is outside the project folder"),
        (lambda root: _fifo(root), "is not a regular file"),
        (lambda root: root / "nowhere.jpg", "does not exist"),
    ],
)
def test_attachments_come_only_from_the_project_and_only_regular_files(
    tmp_path: Path, make: object, refusal: str
) -> None:
    assert callable(make)
    target = make(tmp_path)
    (found,) = problems(tmp_path, ATTACHING.format(path=target))
    assert found.startswith("answers.yaml:4:19: steps[0].attachments[0]: attachment "), found
    assert refusal in found


def test_a_folder_given_with_attach_from_may_be_attached_from(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "photo.jpg").write_bytes(b"jpeg")
    project = tmp_path / "project"
    project.mkdir()
    (project / "standards.yaml").write_text("")  # marks the project folder
    answers = project / "answers.yaml"
    answers.write_text(ATTACHING.format(path=elsewhere / "photo.jpg"))
    (refused,) = attachment_problems(load_answers(answers))
    assert "outside the project folder" in refused.message
    located = load_answers(answers, [elsewhere])
    assert attachment_problems(located) == []
    assert located.step_answer(0).attachments == [elsewhere / "photo.jpg"]


def _linked(root: Path, target: str) -> Path:
    link = root / "innocent.jpg"
    link.symlink_to(target)
    return link


def _fifo(root: Path) -> Path:
    import os

    fifo = root / "pipe.jpg"
    os.mkfifo(fifo)
    return fifo
