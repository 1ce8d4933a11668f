"""One audit run, end to end: walk -> judge -> gate -> run.json -> reports -> history.

The run folder gets a run.json marked interrupted the moment it is created, so even a run that
is killed leaves a readable result; Ctrl-C (SIGINT) stops the walk, and whatever was walked is
judged and saved, marked interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from selfshop.aio import run_sync
from selfshop.errors import UsageError
from selfshop.load.files import LoadedAudit
from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.results import Run
from selfshop.publish import judged, publish, run_header
from selfshop.store.runfolder import RunFolder, slugify
from selfshop.walk import JourneyWalk
from selfshop.walk.automated import INTERRUPTED_STEP, WalkListener, default_workers, walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings


@dataclass
class RunOutcome:
    run: Run
    run_dir: Path


def plans_for(loaded: LoadedAudit) -> list[WalkPlan]:
    """Every automated journey on every device it is walked on (its own, or the audit's)."""
    plans = []
    for item in loaded.journeys:
        journey = item.journey
        if not journey.automated:
            continue  # phone, email, store...: walked by a person (selfshop walk)
        devices = [journey.device] if journey.device else list(loaded.audit.devices)
        for device in dict.fromkeys(devices):
            plans.append(WalkPlan(journey, device.value, item.path.parent))
    return plans


def evidence_for(loaded: LoadedAudit) -> set[EvidenceKind]:
    """The evidence the configured checks need, and screenshots always: they are what a
    reader of the report looks at first."""
    from selfshop.judge.checks import evidence_needed

    journeys = [item.journey for item in loaded.journeys]
    needed = set(evidence_needed(loaded.standards, journeys)) | {EvidenceKind.screenshot}
    return needed - {EvidenceKind.guided}


def run_audit(
    loaded: LoadedAudit,
    *,
    base_url: str | None = None,
    run_name: str | None = None,
    workers: int | None = None,
    headed: bool = False,
    progress: bool = True,
    output_dir: Path | None = None,
    listener: WalkListener | None = None,
) -> RunOutcome:
    """Walk the audit's journeys, judge them, and save the run folder, reports and history."""
    plans = plans_for(loaded)
    if not plans:
        raise UsageError(
            f"{loaded.path}: no web journeys to walk (other channels are walked by a person: "
            "selfshop walk JOURNEY_FILE)"
        )
    audit = loaded.audit
    started = datetime.now(UTC)
    name = run_name or audit.name
    out = output_dir if output_dir is not None else loaded.output_dir
    folder = RunFolder.create(out, name, started)
    run = run_header(
        run_id=f"{slugify(name)}-{folder.path.name}",
        audit=name,
        standards=loaded.standards,
        standards_file=loaded.standards_path,
        started_at=started.isoformat(),
        base_url=base_url or audit.base_url,
        audit_file=loaded.path,
        interrupted=True,  # a run killed outright still leaves this run.json, so marked
    )
    folder.write_run(run)

    settings = WalkSettings(
        base_url=(base_url or audit.base_url).rstrip("/"),
        run_dir=folder.path,
        needed=evidence_for(loaded),
        timeouts=audit.timeouts,
        allowed_origins=list(audit.allowed_origins),
        block=list(audit.block),
        workers=workers or default_workers(),
        headed=headed,
    )
    walks, interrupted = _walk(plans, settings, progress=progress, listener=listener)
    run = judged(run, walks, loaded.standards, folder.path, interrupted=interrupted)
    folder.write_run(run)
    publish(run, folder.path, out, gate=audit.gate)
    return RunOutcome(run=run, run_dir=folder.path)


def _walk(
    plans: list[WalkPlan],
    settings: WalkSettings,
    *,
    progress: bool,
    listener: WalkListener | None,
) -> tuple[list[JourneyWalk], bool]:
    """Walk all plans; on Ctrl-C return what was walked so far, with interrupted=True."""
    started: list[JourneyWalk] = []
    walks: list[JourneyWalk] = []
    try:
        if progress and listener is None:
            from selfshop.walk.progress import RichProgress

            with RichProgress(len(plans)) as display:
                walks = run_sync(_stoppable(plans, settings, display, started))
        else:
            walks = run_sync(_stoppable(plans, settings, listener, started))
    except (KeyboardInterrupt, asyncio.CancelledError):
        settings.stop.set()
    if not settings.stop.is_set():
        return walks, False
    for walk in started:
        _close_unfinished(walk)
    return started, True


async def _stoppable(
    plans: list[WalkPlan],
    settings: WalkSettings,
    listener: WalkListener | None,
    started: list[JourneyWalk],
) -> list[JourneyWalk]:
    """walk_all, with Ctrl-C setting the stop flag (which every walk heeds at its next step)
    besides cancelling: a cancellation can be lost inside the browser driver, the flag not."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()

    def on_interrupt() -> None:
        settings.stop.set()
        if task is not None:
            task.cancel()

    def quiet_when_stopping(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # A Ctrl-C in a terminal also stops the browser driver: its dying words are noise.
        if not settings.stop.is_set():
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet_when_stopping)
    with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
        loop.add_signal_handler(signal.SIGINT, on_interrupt)
    try:
        return await walk_all(plans, settings, listener=listener, started=started)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGINT)


def _close_unfinished(walk: JourneyWalk) -> None:
    """Steps an interrupted walk never got to are recorded as not reached."""
    for index in range(len(walk.steps), len(walk.journey.steps)):
        walk.steps.append(
            StepEvidence.not_reached(walk.journey, index, walk.device, INTERRUPTED_STEP)
        )
