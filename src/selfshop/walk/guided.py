"""A guided walk: a person walks a journey, rates each step, and every answer is saved at once.

Both guides (terminal and browser) and `--answers` replay feed the same `WalkSession`, so a walk
done on paper and replayed is saved exactly like one done at the keyboard. The walk lives in its
own run folder: `walk.json` holds the progress (written atomically after every step), attached
files are copied into `artefacts/`, and finishing the walk adds the normal run.json and reports.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field

from selfshop.errors import UsageError
from selfshop.models.common import DataModel
from selfshop.models.evidence import EvidenceKind, GuidedRating, StepEvidence, StepStatus
from selfshop.models.journey import Journey, Step
from selfshop.models.results import Run, Walker
from selfshop.models.standards import Standard, Standards
from selfshop.store.atomic import write_text
from selfshop.store.runfolder import ARTEFACTS, RunFolder
from selfshop.walk import JourneyWalk

WALK_FILE = "walk.json"
WALK_SCHEMA_VERSION = 1
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # a photo or a recording, not a disk image
RATING_RANGE = range(1, 6)


def audit_name(journey: Journey) -> str:
    """A guided walk is its own small audit; its runs live in <out>/guided-walk-<journey-id>/."""
    return f"Guided walk: {journey.id}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WalkRecord(DataModel):
    """What `walk.json` holds: enough to resume the walk and to judge it once finished."""

    schema_version: int = WALK_SCHEMA_VERSION
    walk_id: str
    journey_id: str
    journey_title: str = ""
    journey_file: str | None = Field(None, description="Absolute path, to reload on --resume")
    standards_file: str | None = None
    auditor: str
    channel: str = "web"
    device: str = "desktop"
    base_url: str | None = None
    started_at: str
    updated_at: str
    finished_at: str | None = None
    steps: list[StepEvidence] = Field(
        default_factory=list, description="Answered steps in order: steps[i] is step i"
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass
class StepAnswer:
    """One person's answer for one step, before it becomes evidence."""

    ratings: dict[str, int | None] = field(default_factory=dict)
    notes: str = ""
    blocker: bool = False
    measures: dict[str, float] = field(default_factory=dict)
    attachments: list[Path] = field(default_factory=list)  # source files, copied on save
    skipped: bool = False
    stored: list[str] = field(default_factory=list)  # already in artefacts/ (panel photos)

    def as_json(self) -> dict[str, object]:
        """What the panel shows for an answer not yet saved (a step the leader went Back from)."""
        return {
            "ratings": dict(self.ratings),
            "notes": self.notes,
            "blocker": self.blocker,
            "measures": dict(self.measures),
        }


def applicable_standards(standards: Standards) -> list[Standard]:
    """The standards a person is asked about: all of them but those weighted out of the charter."""
    return [s for s in standards.standards if s.weight > 0]


def check_answer(answer: StepAnswer, step: Step, standards: Standards) -> list[str]:
    """Plain-words problems with an answer for `step` (empty when it is fine)."""
    problems: list[str] = []
    known = {s.id for s in standards.standards}
    for standard_id, rating in answer.ratings.items():
        if standard_id not in known:
            problems.append(f"unknown standard {standard_id!r}: one of {', '.join(sorted(known))}")
        elif rating is not None and rating not in RATING_RANGE:
            problems.append(f"rating for {standard_id!r} must be 1-5 or null, got {rating}")
    measure_ids = {m.id for m in step.measure}
    for measure_id, value in answer.measures.items():
        if measure_id not in measure_ids:
            allowed = ", ".join(sorted(measure_ids)) or "none for this step"
            problems.append(f"unknown measure {measure_id!r}: {allowed}")
        elif value < 0:
            problems.append(f"measure {measure_id!r} cannot be negative, got {value:g}")
    for path in answer.attachments:
        if not path.is_file():
            problems.append(f"attachment {str(path)!r} is not a file")
        elif path.stat().st_size > MAX_ATTACHMENT_BYTES:
            problems.append(f"attachment {str(path)!r} is larger than 50 MB")
    return problems


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sanitise_filename(name: str, *, limit: int = 60) -> str:
    """A file name that is safe anywhere: no folders, no leading dots, only plain characters."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    clean_stem = _UNSAFE.sub("-", stem).strip(".-")[:limit] or "file"
    clean_suffix = _UNSAFE.sub("", suffix)[:10].lower()
    return f"{clean_stem}.{clean_suffix}" if clean_suffix else clean_stem


def slug(text: str) -> str:
    return _UNSAFE.sub("-", text.lower()).strip("-._")[:40] or "walker"


class WalkSession:
    """An open walk: its folder, the journey and standards, and the answers saved so far."""

    def __init__(
        self, folder: Path, record: WalkRecord, journey: Journey, standards: Standards
    ) -> None:
        self.folder = folder
        self.record = record
        self.journey = journey
        self.standards = standards

    # --- starting and resuming ------------------------------------------------------------
    @classmethod
    def start(
        cls,
        journey: Journey,
        standards: Standards,
        *,
        auditor: str,
        out_dir: Path,
        journey_file: Path | None = None,
        standards_file: Path | None = None,
        base_url: str | None = None,
        device: str | None = None,
    ) -> WalkSession:
        folder = RunFolder.create(out_dir, audit_name(journey)).path
        walk_id = f"{folder.name}-guided-{journey.id}-{slug(auditor)}"
        started = now_iso()
        record = WalkRecord(
            walk_id=walk_id,
            journey_id=journey.id,
            journey_title=journey.title,
            journey_file=str(journey_file.resolve()) if journey_file else None,
            standards_file=str(standards_file.resolve()) if standards_file else None,
            auditor=auditor,
            channel=journey.channel.value,
            device=device or _device_of(journey),
            base_url=base_url,
            started_at=started,
            updated_at=started,
        )
        session = cls(folder, record, journey, standards)
        session.save()
        return session

    @classmethod
    def resume(cls, folder: Path, journey: Journey, standards: Standards) -> WalkSession:
        record = read_walk(folder)
        if record.journey_id != journey.id:
            raise UsageError(
                f"{folder / WALK_FILE} is a walk of {record.journey_id!r}, not {journey.id!r}"
            )
        if record.finished:
            raise UsageError(f"the walk in {folder} is already finished")
        _check_unchanged(record, journey)
        return cls(folder, record, journey, standards)

    # --- progress ---------------------------------------------------------------------------
    @property
    def next_index(self) -> int:
        """The first step without an answer: where a resumed walk picks up."""
        return len(self.record.steps)

    @property
    def done(self) -> bool:
        return self.next_index >= len(self.journey.steps)

    def answered(self, index: int) -> StepEvidence | None:
        return self.record.steps[index] if 0 <= index < len(self.record.steps) else None

    def record_step(
        self, index: int, answer: StepAnswer, captured: StepEvidence | None = None
    ) -> StepEvidence:
        """Turn an answer (and any page evidence captured) into the step's evidence, and save.

        Answering a step already answered (the leader went Back) replaces its rating; the page
        evidence of the first visit is kept unless new evidence is given.
        """
        if index > self.next_index or index >= len(self.journey.steps):
            raise UsageError(
                f"step {index + 1} cannot be answered before step {self.next_index + 1}"
            )
        step = self.journey.steps[index]
        problems = check_answer(answer, step, self.standards)
        if problems:
            raise UsageError(f"step {index + 1} ({step.name}): " + "; ".join(problems))
        previous = self.answered(index)
        base = captured or previous or self._blank_evidence(index)
        kept = list(previous.guided[0].attachments) if previous and previous.guided else []
        rating = GuidedRating(
            auditor=self.record.auditor,
            walked_at=now_iso(),
            ratings=dict(answer.ratings),
            notes=answer.notes.strip(),
            blocker=answer.blocker,
            measures=dict(answer.measures),
            attachments=kept
            + [name for name in answer.stored if name not in kept]
            + [self._copy_attachment(p, index) for p in answer.attachments],
        )
        gathered = list(base.gathered)
        if EvidenceKind.guided not in gathered:
            gathered.append(EvidenceKind.guided)
        evidence = base.model_copy(
            update={
                "guided": [rating],
                "gathered": gathered,
                "status": StepStatus.skipped if answer.skipped else base.status,
            }
        )
        if index == self.next_index:
            self.record.steps.append(evidence)
        else:
            self.record.steps[index] = evidence
        self.save()
        return evidence

    def _blank_evidence(self, index: int) -> StepEvidence:
        return StepEvidence.blank(self.journey, index, self.record.device)

    def _copy_attachment(self, source: Path, index: int) -> str:
        """Copy (never link) a file into artefacts/ under a sanitised, unique name."""
        artefacts = self.folder / ARTEFACTS
        artefacts.mkdir(parents=True, exist_ok=True)
        name = f"guided-step{index + 1}-{sanitise_filename(source.name)}"
        target = artefacts / name
        counter = 2
        while target.exists():
            stem, dot, suffix = name.rpartition(".")
            target = artefacts / (f"{stem}-{counter}.{suffix}" if dot else f"{name}-{counter}")
            counter += 1
        shutil.copyfile(source, target, follow_symlinks=True)
        return f"{ARTEFACTS}/{target.name}"

    def save(self) -> None:
        self.record.updated_at = now_iso()
        write_text(self.folder / WALK_FILE, self.record.model_dump_json(indent=2))

    # --- finishing --------------------------------------------------------------------------
    def finish(self) -> JourneyWalk:
        """Mark the walk finished and return it in the shape the judge expects."""
        self.record.finished_at = now_iso()
        self.save()
        return self.journey_walk()

    def journey_walk(self) -> JourneyWalk:
        return JourneyWalk(
            journey=self.journey,
            device=self.record.device,
            steps=list(self.record.steps),
            walker=Walker(self.record.auditor),
            duration_ms=_elapsed_ms(self.record.started_at, self.record.finished_at or now_iso()),
        )


def _elapsed_ms(start: str, end: str) -> float:
    seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    return max(0.0, seconds) * 1000


def _check_unchanged(record: WalkRecord, journey: Journey) -> None:
    """Saved answers must still fit the journey's steps, or they would land on the wrong ones."""
    if len(record.steps) > len(journey.steps):
        raise UsageError(
            f"the journey now has {len(journey.steps)} steps, but this walk answered "
            f"{len(record.steps)}: walk it again from the start"
        )
    for saved, step in zip(record.steps, journey.steps, strict=False):
        if saved.step_name != step.name:
            raise UsageError(
                f"the journey changed since this walk began: step {saved.step_index + 1} was "
                f"{saved.step_name!r}, now {step.name!r}; walk it again from the start"
            )


def _device_of(journey: Journey) -> str:
    """Web journeys are walked on a device; a phone call or a shop visit is its own 'device'."""
    if journey.device is not None:
        return journey.device.value
    return "desktop" if journey.automated else journey.channel.value


def read_walk(folder: Path) -> WalkRecord:
    path = folder / WALK_FILE
    try:
        return WalkRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no walk to resume in {folder} (no {WALK_FILE})") from None
    except ValueError as error:
        raise UsageError(f"{path} is not a readable walk file: {error}") from None


def find_unfinished(
    out_dir: Path, *, journey_id: str | None = None, auditor: str | None = None
) -> Path | None:
    """The latest unfinished walk in `out_dir`, optionally of one journey and auditor."""
    candidates: list[tuple[str, Path]] = []
    if not out_dir.is_dir():
        return None
    for walk_file in out_dir.glob(f"*/*/{WALK_FILE}"):
        if walk_file.parent.is_symlink():
            continue  # the 'latest' pointer: the same walk again
        try:
            record = WalkRecord.model_validate_json(walk_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # someone else's folder, or a broken one: never resume into it
        if record.finished:
            continue
        if journey_id and record.journey_id != journey_id:
            continue
        if auditor and record.auditor != auditor:
            continue
        candidates.append((record.updated_at, walk_file.parent))
    return max(candidates)[1] if candidates else None


def resume_hint(session: WalkSession, out_dir: Path) -> str:
    """The command that carries on with this walk, ready to paste into a shell."""
    journey = session.record.journey_file or session.record.journey_id
    return f"selfshop walk {shlex.quote(journey)} --resume --out {shlex.quote(str(out_dir))}"


# --- people beside the machine ----------------------------------------------------------------
def finished_walks(out_dir: Path) -> list[Run]:
    """Every judged guided walk under `out_dir` (guided-walk-*/<time>/run.json), oldest first."""
    from selfshop.store.runfolder import RUN_FILE, load_run

    walks: list[Run] = []
    for run_file in sorted(out_dir.glob(f"guided-walk-*/*/{RUN_FILE}")):
        if run_file.parent.is_symlink():
            continue  # the 'latest' pointer
        walk = load_run(run_file.parent)
        if walk is not None:  # a broken folder is not a reason to lose the others
            walks.append(walk)
    return sorted(walks, key=lambda walk: walk.started_at)
