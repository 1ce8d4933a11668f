"""`selfshop walk`: be the customer yourself, guided step by step, with every answer saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from selfshop.walk.answers import LocatedAnswers
    from selfshop.walk.guided import WalkSession


def walk(
    journey: Path | None = typer.Argument(
        None, help="The journey file to walk (optional with --resume).", show_default=False
    ),
    auditor: str | None = typer.Option(
        None, "--auditor", help="Your name, shown beside your ratings (default: your login name)."
    ),
    base_url: str | None = typer.Option(
        None, "--base-url", help="Site a web journey starts on, e.g. http://127.0.0.1:8000."
    ),
    answers: Path | None = typer.Option(
        None, "--answers", help="Replay a walk written down in YAML, without questions."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Carry on with the latest unfinished walk in --out."
    ),
    standards: Path | None = typer.Option(
        None, "--standards", help="Standards file (default: the project's standards.yaml)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Folder for run folders (default: the project's reports/)."
    ),
    headless: bool = typer.Option(
        False, "--headless", help="Browser guide without visible windows (for tests)."
    ),
    attach_from: list[Path] = typer.Option(
        [],
        "--attach-from",
        help="A folder outside the project that --answers may attach files from (repeatable).",
    ),
    device: str | None = typer.Option(
        None,
        "--device",
        help="The device you walk a web journey on: desktop or mobile (default: the "
        "journey's, else desktop). The walk is recorded for it.",
    ),
    phone: bool = typer.Option(
        False,
        "--phone",
        help="Answer on your phone: serve the guide panel (no browser here) and print its "
        "address with a one-walk token as a QR code. Web journeys are walked in the phone's "
        "own browser, as mobile.",
    ),
    bind: str | None = typer.Option(
        None,
        "--bind",
        help="With --phone: the address to listen on, e.g. 0.0.0.0 (every network) or this "
        "computer's Wi-Fi address. Default 127.0.0.1: this computer only.",
        show_default=False,
    ),
) -> None:
    """Walk a journey yourself, as a customer, and rate every step against your standards.

    Web journeys open Chromium with a guide window beside the site.

    Phone, email, chat and store journeys are guided in the terminal.

    Every step is saved when answered: Ctrl-C stops, --resume carries on.

    A finished walk is a run folder with run.json and report.html.

    Example: selfshop walk journeys/call-help-line.yaml --auditor "Dana"

    Example: selfshop walk journeys/guest-checkout.yaml --device mobile --base-url URL

    Example: selfshop walk journeys/phone-refund.yaml --phone --bind 0.0.0.0
    """
    from rich.console import Console

    from selfshop.errors import interrupted_code
    from selfshop.walk.guided import resume_hint

    console = Console(highlight=False)
    out = out or _default_out(journey)
    bind = _phone_bind(phone, bind, answers)
    wanted_device = _device(device) or ("mobile" if phone else None)
    session, located = _open_session(
        journey, auditor, base_url, answers, resume, standards, out, attach_from, wanted_device
    )
    try:
        if bind is not None and located is None and not session.done:
            finished = _walk_on_phone(session, console, bind)
        else:
            finished = _walk(session, located, console, headless)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt
        console.print(
            f"\n[yellow]Stopped.[/] {session.next_index} of {len(session.journey.steps)} steps "
            f"saved in {session.folder}.\nCarry on with: {resume_hint(session, out)}"
        )
        raise typer.Exit(interrupted_code()) from None
    if not finished:
        console.print(
            f"[yellow]Walk not finished:[/] {session.next_index} of "
            f"{len(session.journey.steps)} steps saved in {session.folder}.\n"
            f"Carry on with: {resume_hint(session, out)}"
        )
        return
    _finish(session, out, console)


def _phone_bind(phone: bool, bind: str | None, answers: Path | None) -> str | None:
    """The address a phone walk listens on; None when this is not a phone walk."""
    from selfshop.errors import UsageError
    from selfshop.walk.guide_panel.server import LOOPBACK
    from selfshop.walk.phone_guide import checked_bind

    if not phone:
        if bind is not None:
            raise UsageError("--bind goes with --phone: the laptop guide listens on 127.0.0.1")
        return None
    if answers is not None:
        raise UsageError("--phone and --answers: a replayed walk asks no questions")
    return checked_bind(bind) if bind is not None else LOOPBACK


def _device(given: str | None) -> str | None:
    from selfshop.errors import UsageError
    from selfshop.models.journey import Device

    if given is None:
        return None
    if given not in Device.__members__:
        raise UsageError(f"--device {given!r}: use one of {', '.join(Device.__members__)}")
    return given


def _open_session(
    journey_file: Path | None,
    auditor: str | None,
    base_url: str | None,
    answers_file: Path | None,
    resume: bool,
    standards_file: Path | None,
    out: Path,
    attach_from: list[Path],
    device: str | None = None,
) -> tuple[WalkSession, LocatedAnswers | None]:
    from selfshop.errors import UsageError
    from selfshop.load.files import load_standards, load_walkable_journey
    from selfshop.walk.answers import check_against, load_answers
    from selfshop.walk.guided import WalkSession, find_unfinished, read_walk

    located = load_answers(answers_file, attach_from) if answers_file else None
    walker = auditor or (located.answers.auditor if located else None)
    if resume:
        wanted = load_walkable_journey(journey_file).id if journey_file else None
        folder = find_unfinished(out, journey_id=wanted, auditor=walker)
        if folder is None:
            raise UsageError(f"no unfinished walk to resume in {out}")
        record = read_walk(folder)
        journey_path = journey_file or Path(record.journey_file or "")
        if not journey_path.is_file():
            raise UsageError(f"the walk's journey file {journey_path} is gone: name it")
        chosen = standards_file or Path(record.standards_file or "")
        journey = load_walkable_journey(journey_path)
        charter = load_standards(_existing_standards(chosen, journey_path))
        session = WalkSession.resume(folder, journey, charter)
        if base_url:
            session.record.base_url = base_url.rstrip("/")
    else:
        if journey_file is None:
            raise UsageError("name the journey to walk, e.g. selfshop walk journeys/refund.yaml")
        journey = load_walkable_journey(journey_file)
        chosen_standards = _existing_standards(standards_file, journey_file)
        charter = load_standards(chosen_standards)
        session = WalkSession.start(
            journey,
            charter,
            auditor=walker or _login_name(),
            out_dir=out,
            journey_file=journey_file,
            standards_file=chosen_standards,
            base_url=base_url.rstrip("/") if base_url else None,
            device=device if device and journey.automated else None,
        )
    if located is not None:
        check_against(located, session.journey, session.standards)
    return session, located


def _default_out(journey_file: Path | None) -> Path:
    """Where the audits write too: <project>/reports (the folder holding standards.yaml)."""
    from selfshop.load.files import find_root

    if journey_file is None:
        return Path("reports")
    return find_root(journey_file) / "reports"


def _existing_standards(given: Path | None, journey_file: Path) -> Path:
    """The standards file: as given, else the project's standards.yaml, else ./standards.yaml."""
    from selfshop.errors import UsageError
    from selfshop.load.files import find_root

    if given is not None and str(given) not in ("", "."):
        if not given.is_file():
            raise UsageError(f"no standards file at {given}")
        return given
    for candidate in (find_root(journey_file) / "standards.yaml", Path("standards.yaml")):
        if candidate.is_file():
            return candidate
    raise UsageError("no standards.yaml found beside the journey: give --standards FILE")


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "walker"


def _walk(
    session: WalkSession, located: LocatedAnswers | None, console: Console, headless: bool
) -> bool:
    """Answer the steps left; True when every step has an answer."""
    if located is not None:
        from selfshop.walk.answers import replay

        replay(located, session)
        return session.done
    if session.done:
        return True  # every step was saved before an interruption: only judging is left
    if session.journey.automated:
        return _walk_in_browser(session, console, headless)
    from selfshop.walk.terminal_guide import walk_in_terminal

    walk_in_terminal(session, console)
    return session.done


def _walk_in_browser(session: WalkSession, console: Console, headless: bool) -> bool:
    from rich.markup import escape

    from selfshop.aio import run_sync
    from selfshop.errors import EnvironmentProblem
    from selfshop.walk.browser import BrowserNotFound
    from selfshop.walk.browser_guide import guide_in_browser

    start_url = _start_url(session)
    console.print(
        f"Opening [bold]{escape(session.journey.title)}[/] at {escape(start_url)}. Walk the "
        "site as a customer; the guide window asks about each step. Each step is saved."
    )
    try:
        return run_sync(
            guide_in_browser(
                session,
                start_url,
                headless=headless,
                on_open=lambda url: console.print(
                    f"Guide panel: {url}\n(if you close its window, open this address again; "
                    "close the site's window or press Ctrl-C to stop)",
                    soft_wrap=True,
                ),
            )
        )
    except BrowserNotFound as error:
        raise EnvironmentProblem(str(error)) from None


def _walk_on_phone(session: WalkSession, console: Console, bind: str) -> bool:
    from rich.markup import escape

    from selfshop.aio import run_sync
    from selfshop.walk.phone_guide import guide_on_phone, qr_text, reachable_from_elsewhere

    site_url = _start_url(session) if session.journey.automated else None

    def show(url: str) -> None:
        console.print(f"Walk [bold]{escape(session.journey.title)}[/] on your phone: scan this")
        console.out(qr_text(url), highlight=False)
        console.print(f"or open {url}", soft_wrap=True, highlight=False)
        if not reachable_from_elsewhere(bind):
            console.print(
                "[yellow]Only this computer can open it.[/] To reach it from a phone on the "
                "same network: --bind 0.0.0.0 (or this computer's Wi-Fi address)."
            )
        if site_url and "://127." in site_url and reachable_from_elsewhere(bind):
            console.print(
                f"[yellow]The site {escape(site_url)} is this computer's own address:[/] a "
                "phone cannot open it. Give --base-url an address the phone can reach."
            )
        console.print("Each step is saved when you press Next; Ctrl-C stops, --resume carries on.")

    return run_sync(guide_on_phone(session, bind=bind, site_url=site_url, on_open=show))


def _start_url(session: WalkSession) -> str:
    from selfshop.errors import UsageError
    from selfshop.walk.actions import join_url

    start = session.journey.start or "/"
    if start.startswith(("http://", "https://")):
        return start
    if not session.record.base_url:
        raise UsageError(
            f"journey {session.journey.id!r} starts at {start!r}: give --base-url, "
            "e.g. --base-url http://127.0.0.1:8000"
        )
    return join_url(session.record.base_url, start)


def _finish(session: WalkSession, out: Path, console: Console) -> None:
    """Judge the walk like any run: run.json, reports and history, in its folder."""
    from rich.markup import escape

    from selfshop.publish import finish_walk

    published = finish_walk(session, out)
    for result in published.run.journeys:
        score = f"{result.score:.0f}" if result.score is not None else "no score"
        console.print(f"[bold]{escape(result.title)}[/]: {result.verdict.value} ({score})")
    console.print(f"Report: {published.reports.get('html', session.folder / 'run.json')}")
