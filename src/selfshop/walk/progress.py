"""A Rich progress display of a run: one bar for the journeys, one line per journey walking."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from selfshop.models.evidence import StepEvidence, StepStatus
from selfshop.walk import JourneyWalk

STATUS_MARKS = {
    StepStatus.passed: "[green]✓[/]",
    StepStatus.failed: "[red]✗[/]",
    StepStatus.not_reached: "[dim]·[/]",
    StepStatus.skipped: "[dim]-[/]",
}


def _key(walk: JourneyWalk) -> str:
    return f"{walk.journey.id}@{walk.device}"


class RichProgress:
    """A WalkListener that draws progress on the terminal (stderr, so --json stays clean)."""

    def __init__(self, journeys: int, console: Console | None = None) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self.overall = self.progress.add_task("[bold]Journeys[/]", total=journeys)
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def journey_started(self, walk: JourneyWalk) -> None:
        first = walk.journey.steps[0].name
        self.tasks[_key(walk)] = self.progress.add_task(
            f"  {escape(_key(walk))}: {escape(first)}", total=len(walk.journey.steps)
        )

    def step_finished(self, walk: JourneyWalk, evidence: StepEvidence) -> None:
        task = self.tasks.get(_key(walk))
        if task is None:
            return
        steps = walk.journey.steps
        following = len(walk.steps)
        upcoming = steps[following].name if following < len(steps) else "done"
        marks = "".join(STATUS_MARKS.get(s.status, "?") for s in walk.steps)
        self.progress.update(
            task,
            advance=1,
            description=f"  {escape(_key(walk))} {marks} {escape(upcoming)}",
        )

    def journey_finished(self, walk: JourneyWalk) -> None:
        task = self.tasks.get(_key(walk))
        if task is not None:
            ok = walk.completed
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            marks = "".join(STATUS_MARKS.get(s.status, "?") for s in walk.steps)
            self.progress.update(task, description=f"{mark} {escape(_key(walk))} {marks}")
        self.progress.advance(self.overall)
