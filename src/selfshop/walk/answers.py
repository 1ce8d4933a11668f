"""`--answers FILE`: a guided walk written down in YAML, replayed without questions.

For tests, and for a walk done on paper. The file names the auditor and the journey, and gives
one entry per step in order:

    auditor: Dana (COO)
    journey: call-help-line
    steps:
      - step: Get through                 # optional: checked against the journey's step name
        ratings: {courtesy: 4, efficiency: 2, safety: null}   # 1-5, or null = not applicable
        measures: {minutes_waited: 12}
        notes: Hold music was loud.
        blocker: false
        attachments: [photos/queue.jpg]   # relative to this file; copied into the run

Attachments come from the project folder (or folders given with --attach-from), and only regular
files: an answers file cannot copy /proc/self/environ, a device or a FIFO into a run.
"""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path
from typing import Annotated

from pydantic import Field

from selfshop.errors import InputError, Problem
from selfshop.load.validation import validate
from selfshop.load.yamlsource import Path_, Source, read_source
from selfshop.models.common import FileModel
from selfshop.models.journey import Journey
from selfshop.models.standards import Standards
from selfshop.walk.guided import StepAnswer, WalkSession, check_answer

Rating = Annotated[int, Field(ge=1, le=5)]


class AnsweredStep(FileModel):
    step: str | None = Field(None, description="The step's name, to catch answers out of order")
    ratings: dict[str, Rating | None] = Field(
        default_factory=dict, description="Standard id -> 1-5, or null for not applicable"
    )
    notes: str = ""
    blocker: bool = Field(False, description="This stopped me")
    measures: dict[str, float] = Field(default_factory=dict)
    attachments: list[str] = Field(default_factory=list, description="Files, relative to here")
    skipped: bool = Field(False, description="The walker did not do this step")


class AnswersFile(FileModel):
    auditor: str = Field(min_length=1)
    journey: str = Field(min_length=1, description="The journey's id")
    steps: list[AnsweredStep] = Field(min_length=1)


class LocatedAnswers:
    """An answers file with the YAML positions of its parts, for file:line:column errors."""

    def __init__(
        self, path: Path, answers: AnswersFile, source: Source, allowed: list[Path] | None = None
    ) -> None:
        self.path = path
        self.answers = answers
        self.source = source
        self.allowed = allowed if allowed is not None else [path.resolve().parent]

    def problem(self, at: Path_, message: str) -> Problem:
        return self.source.problem(at, message)

    def step_answer(self, index: int) -> StepAnswer:
        given = self.answers.steps[index]
        return StepAnswer(
            ratings=dict(given.ratings),
            notes=given.notes,
            blocker=given.blocker,
            measures=dict(given.measures),
            attachments=[(self.path.parent / a) for a in given.attachments],
            skipped=given.skipped,
        )


def load_answers(path: Path, attach_from: list[Path] | None = None) -> LocatedAnswers:
    """Read and validate an answers file; every mistake is named with its file:line:column.
    Attachments may come from the answers file's project folder and from `attach_from`."""
    from selfshop.load.files import find_root

    source = read_source(path)
    if not isinstance(source.data, dict):
        raise InputError([source.problem((), "expected an answers file (a mapping of keys)")])
    answers, problems = validate(AnswersFile, source, source.data)
    if problems or answers is None:
        raise InputError(problems)
    allowed = [find_root(path), *(folder.resolve() for folder in attach_from or [])]
    return LocatedAnswers(path, answers, source, allowed)


def attachment_problems(located: LocatedAnswers) -> list[Problem]:
    problems = []
    for index, given in enumerate(located.answers.steps):
        for number, name in enumerate(given.attachments):
            refusal = refuse_attachment(located.path.parent / name, located.allowed)
            if refusal:
                problems.append(located.problem(("steps", index, "attachments", number), refusal))
    return problems


def refuse_attachment(path: Path, allowed: list[Path]) -> str | None:
    """Why this file may not be attached, or None: it must be a regular file inside an allowed
    folder (after following links)."""
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except RuntimeError:
        return f"attachment {str(path)!r} is a symlink loop"
    except OSError:
        return f"attachment {str(path)!r} does not exist"
    if not any(real.is_relative_to(folder) for folder in allowed):
        return (
            f"attachment {str(path)!r} is outside the project folder {allowed[0]} "
            "(attach files from another folder with --attach-from FOLDER)"
        )
    if not stat.S_ISREG(mode) or real.is_relative_to("/proc") or real.is_relative_to("/sys"):
        return f"attachment {str(path)!r} is not a regular file"
    return None


def check_against(located: LocatedAnswers, journey: Journey, standards: Standards) -> None:
    """The answers must fit the journey and the standards: raise every mismatch at once."""
    answers = located.answers
    problems: list[Problem] = []
    if answers.journey != journey.id:
        message = f"answers are for {answers.journey!r}, not {journey.id!r}"
        problems.append(located.problem(("journey",), message))
    if len(answers.steps) > len(journey.steps):
        problems.append(
            located.problem(
                ("steps",),
                f"{len(answers.steps)} answers for a journey of {len(journey.steps)} steps",
            )
        )
    for index, given in enumerate(answers.steps[: len(journey.steps)]):
        step = journey.steps[index]
        if given.step is not None and given.step.strip() != step.name:
            message = f"step {index + 1} is {step.name!r}, not {given.step!r}"
            problems.append(located.problem(("steps", index, "step"), message))
        # Attachments are checked below, each at its own line.
        answer = dataclasses.replace(located.step_answer(index), attachments=[])
        for message in check_answer(answer, step, standards):
            problems.append(located.problem(("steps", index), message))
    problems += attachment_problems(located)
    if problems:
        raise InputError(problems)


def replay(located: LocatedAnswers, session: WalkSession) -> None:
    """Record every answer not yet recorded (a resumed replay continues where it stopped)."""
    for index in range(session.next_index, len(located.answers.steps)):
        session.record_step(index, located.step_answer(index))
