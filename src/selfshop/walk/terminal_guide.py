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

from selfshop.models.evidence import GuidedRating
from selfshop.models.journey import Channel, Measure, Step
from selfshop.models.standards import Standard
from selfshop.walk.guided import StepAnswer, WalkSession, applicable_standards

BACK = "<"  # typed at any prompt: answer the previous step again
CLEAR = "x"  # typed where a saved answer is offered: answer nothing this time
NOT_APPLICABLE = {"n", "na", "n/a", "-"}
YES = {"y", "yes"}
NO = {"n", "no"}


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
    lines.append("Each step is saved as you go. Type < at any prompt to redo the step before;")
    lines.append("its answers are offered again: Enter keeps one, x clears it.")
    lines.append("Ctrl-C stops; --resume carries on.")
    console.print(Panel("\n".join(lines), title="selfshop guided walk", expand=False))


def ask_step(session: WalkSession, index: int, console: Console) -> StepAnswer:
    """One step's questions; a step answered before offers its saved answers as defaults."""
    step = session.journey.steps[index]
    channel = session.journey.channel
    _show_step(step, index, len(session.journey.steps), console)
    saved_evidence = session.answered(index)
    saved = saved_evidence.guided[0] if saved_evidence and saved_evidence.guided else None
    if saved is not None:
        console.print("[yellow]Answering this step again: Enter keeps a saved answer.[/]")
        for name in saved.attachments:
            console.print(f"  already attached: {escape(name)}")
    kept = saved or GuidedRating(auditor="", walked_at="")
    answer = StepAnswer()
    for measure in step.measure:
        value = _ask_measure(measure, console, kept.measures.get(measure.id))
        if value is not None:
            answer.measures[measure.id] = value
    for standard in applicable_standards(session.standards):
        _show_standard(standard, channel, console)
        had = standard.id in kept.ratings
        rated, rating = _ask_rating(standard, console, kept.ratings.get(standard.id), had)
        if rated:
            answer.ratings[standard.id] = rating
    answer.notes = _ask_notes(console, kept.notes)
    answer.attachments = _ask_attachments(console)
    answer.blocker = _ask_yes_no("Did this stop you?", console, kept.blocker)
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


def _show_standard(standard: Standard, channel: Channel, console: Console) -> None:
    console.print(f"\n[bold]{escape(standard.title)}[/]")
    for behaviour in standard.behaviours:
        console.print(f"  • {escape(behaviour)}")
    for question in standard.questions_on(channel):
        console.print(f"  ? {escape(question.text)}")
    low, high = standard.scale_on(channel)
    console.print(f"    1 = {escape(low)} · 5 = {escape(high)}")


def _ask_rating(
    standard: Standard, console: Console, saved: int | None, had: bool
) -> tuple[bool, int | None]:
    """(rated, rating): rating None with rated True means 'not applicable'."""
    if had:
        shown = "n/a" if saved is None else str(saved)
        hint = f"n = not applicable, Enter keeps {shown}, {CLEAR} clears"
    else:
        hint = "n = not applicable, Enter = skip"
    while True:
        raw = _read(console, f"Rate {escape(standard.title)} 1-5 ({hint}): ").lower()
        if raw == "":
            return had, saved
        if raw == CLEAR and had:
            return False, None
        if raw in NOT_APPLICABLE:
            return True, None
        if raw in {"1", "2", "3", "4", "5"}:
            return True, int(raw)
        console.print("[red]Type a number from 1 to 5, n, or press Enter.[/]")


def _ask_measure(measure: Measure, console: Console, saved: float | None) -> float | None:
    unit = f" ({escape(measure.unit)})" if measure.unit else ""
    hint = "Enter to skip" if saved is None else f"Enter keeps {saved:g}, {CLEAR} clears"
    while True:
        raw = _read(console, f"{escape(measure.prompt)}{unit} ({hint}): ")
        if raw == "":
            return saved
        if raw.lower() == CLEAR and saved is not None:
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


def _ask_notes(console: Console, saved: str) -> str:
    if not saved:
        return _read(console, "Notes (one line, Enter for none): ")
    console.print(f"  saved notes: {escape(saved)}")
    raw = _read(console, f"Notes (one line, Enter keeps the saved notes, {CLEAR} clears): ")
    if raw == "":
        return saved
    return "" if raw.lower() == CLEAR else raw


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


def _ask_yes_no(question: str, console: Console, saved: bool) -> bool:
    prompt = f"{question} ({'Y/n' if saved else 'y/N'}): "
    while True:
        raw = _read(console, prompt).lower()
        if raw == "":
            return saved
        if raw in YES:
            return True
        if raw in NO:
            return False
        console.print("[red]Answer y or n.[/]")
