"""The terminal guide: step-by-step prompts for journeys walked on the phone, by email, in chat
or in a store. Plain line input only, so it works over SSH and in any terminal.

Every step is saved as soon as it is answered; Ctrl-C (KeyboardInterrupt) is left to the caller,
which reports how to resume: the answers so far are already on disk.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from selfshop.models.journey import Measure, Step
from selfshop.models.standards import Standard
from selfshop.walk.guided import StepAnswer, WalkSession, applicable_standards

BACK = "<"  # typed at any prompt: answer the previous step again
NOT_APPLICABLE = {"n", "na", "n/a", "-"}
YES = {"y", "yes"}
NO = {"", "n", "no"}


class GoBack(Exception):
    """The walker typed '<': the previous step is asked again."""


def walk_in_terminal(session: WalkSession, console: Console) -> None:
    """Ask every step not yet answered, saving each one before the next is shown."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (arrow keys and history at the prompts, where available)
    journey = session.journey
    if session.next_index == 0:
        _introduce(session, console)
    else:
        console.print(
            f"Resuming [bold]{escape(journey.title)}[/] at step {session.next_index + 1} "
            f"of {len(journey.steps)}."
        )
    index = session.next_index
    while index < len(journey.steps):
        try:
            answer = ask_step(session, index, console)
        except GoBack:
            if index == 0:
                console.print("[yellow]This is the first step.[/]")
            index = max(0, index - 1)
            continue
        session.record_step(index, answer)
        console.print(f"[green]Saved step {index + 1}.[/]")
        index += 1


def _read(console: Console, prompt: str) -> str:
    raw = console.input(prompt).strip()
    if raw == BACK:
        raise GoBack
    return raw


def _introduce(session: WalkSession, console: Console) -> None:
    journey = session.journey
    lines = [f"[bold]{escape(journey.title)}[/] ({journey.channel.value})"]
    if journey.persona:
        lines.append(f"You are: {escape(journey.persona)}")
    lines.append(f"Walker: {escape(session.record.auditor)} · {len(journey.steps)} steps")
    lines.append("Each step is saved as you go. Type < at any prompt to redo the step before.")
    lines.append("Ctrl-C stops; --resume carries on.")
    console.print(Panel("\n".join(lines), title="selfshop guided walk", expand=False))


def ask_step(session: WalkSession, index: int, console: Console) -> StepAnswer:
    step = session.journey.steps[index]
    _show_step(step, index, len(session.journey.steps), console)
    saved = session.answered(index)
    if saved is not None and saved.guided:
        console.print("[yellow]Answering this step again replaces its saved answer.[/]")
        for name in saved.guided[0].attachments:
            console.print(f"  already attached: {escape(name)}")
    answer = StepAnswer()
    for measure in step.measure:
        value = _ask_measure(measure, console)
        if value is not None:
            answer.measures[measure.id] = value
    for standard in applicable_standards(session.standards):
        _show_standard(standard, console)
        rated, rating = _ask_rating(standard, console)
        if rated:
            answer.ratings[standard.id] = rating
    answer.notes = _read(console, "Notes (one line, Enter for none): ")
    answer.attachments = _ask_attachments(console)
    answer.blocker = _ask_yes_no("Did this stop you? (y/N): ", console)
    return answer


def _show_step(step: Step, index: int, total: int, console: Console) -> None:
    lines = []
    if step.intent:
        lines.append(f"[bold]Intent:[/] {escape(step.intent)}")
    if step.ask:
        lines.append(f"[bold]Ask yourself:[/] {escape(step.ask)}")
    console.print()
    console.print(
        Panel(
            "\n".join(lines) or "Do this step as a customer would.",
            title=f"Step {index + 1} of {total}: {escape(step.name)}",
            title_align="left",
            expand=False,
        )
    )


def _show_standard(standard: Standard, console: Console) -> None:
    console.print(f"\n[bold]{escape(standard.title)}[/]")
    for behaviour in standard.behaviours:
        console.print(f"  • {escape(behaviour)}")
    for question in standard.questions:
        console.print(f"  ? {escape(question)}")


def _ask_rating(standard: Standard, console: Console) -> tuple[bool, int | None]:
    """(rated, rating): rating None with rated True means 'not applicable'."""
    while True:
        raw = _read(
            console, f"Rate {escape(standard.title)} 1-5 (n = not applicable, Enter = skip): "
        ).lower()
        if raw == "":
            return False, None
        if raw in NOT_APPLICABLE:
            return True, None
        if raw in {"1", "2", "3", "4", "5"}:
            return True, int(raw)
        console.print("[red]Type a number from 1 to 5, n, or press Enter.[/]")


def _ask_measure(measure: Measure, console: Console) -> float | None:
    unit = f" ({escape(measure.unit)})" if measure.unit else ""
    while True:
        raw = _read(console, f"{escape(measure.prompt)}{unit} (Enter to skip): ")
        if raw == "":
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            console.print("[red]Type a number, or press Enter to skip.[/]")
            continue
        if value < 0:
            console.print("[red]A measure cannot be negative.[/]")
            continue
        return value


def _ask_attachments(console: Console) -> list[Path]:
    files: list[Path] = []
    while True:
        raw = _read(console, "Attach a photo or file (path, Enter when done): ")
        if raw == "":
            return files
        path = Path(raw.strip("'\"")).expanduser()
        if path.is_file():
            files.append(path)
            console.print(f"  attached {escape(path.name)}")
        else:
            console.print(f"[red]No file at {escape(str(path))}.[/]")


def _ask_yes_no(prompt: str, console: Console) -> bool:
    while True:
        raw = _read(console, prompt).lower()
        if raw in YES:
            return True
        if raw in NO:
            return False
        console.print("[red]Answer y or n.[/]")
