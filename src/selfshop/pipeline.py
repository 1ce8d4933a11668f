"""One audit run, end to end: walk -> judge -> gate -> run.json -> reports -> history.

The run folder gets a run.json marked interrupted the moment it is created, so even a run that
is killed leaves a readable result; Ctrl-C (SIGINT) or SIGTERM stops the walk, and whatever was
walked is judged and saved, marked interrupted. A watchdog stops a walk that outlives its bound
(each journey's steps x the step budget, plus margins) the same way, so an audit always ends with
its reports written.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import math
import signal
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from selfshop.aio import run_sync
from selfshop.errors import InputError, UsageError, note_stop_signal
from selfshop.load.files import LoadedAudit, display_path
from selfshop.models.evidence import OVERRUN_STEP, EvidenceKind, StepEvidence
from selfshop.models.results import GateOutcome, Run
from selfshop.models.shard import ShardInfo
from selfshop.notify import Delivery, notify_run
from selfshop.publish import judged, prepare, publish, run_header
from selfshop.store.runfolder import RunFolder, slugify
from selfshop.walk import JourneyWalk
from selfshop.walk.automated import WalkListener, default_workers, journey_bound_ms, walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings
from selfshop.walk.retry import retries_for
from selfshop.walk.shards import ShardSpec

# Beyond its journeys' bounds, an audit may take this long (Chromium to start and stop).
AUDIT_MARGIN_S = 60
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class RunOutcome:
    run: Run
    run_dir: Path
    alerts: list[Delivery] = field(default_factory=list)  # what was sent to `notify` targets


def plans_for(loaded: LoadedAudit) -> list[WalkPlan]:
    """Every automated journey on every device it is walked on (its own, or the audit's), plainly
    and as each customer lens it is walked as (its own, or the audit's)."""
    plans = []
    for item in loaded.journeys:
        journey = item.journey
        if not journey.automated:
            continue  # phone, email, store...: walked by a person (selfshop walk)
        devices = [journey.device] if journey.device else list(loaded.audit.devices)
        lenses = journey.lenses if journey.lenses is not None else loaded.audit.lenses
        for device in dict.fromkeys(devices):
            for lens in [None, *dict.fromkeys(lenses)]:
                plans.append(WalkPlan(journey, device.value, item.path.parent, lens))
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
    shard: ShardSpec | None = None,
    browser_ws: str | None = None,
) -> RunOutcome:
    """Walk the audit's journeys, judge them, and save the run folder, reports and history.
    With `shard`, walk only that shard's share and save a shard folder for `selfshop merge`
    (judged, but neither gated, reported nor recorded: the merged run is)."""
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
    info = None
    if shard is not None:
        from selfshop.shards import shard_of

        plans, info = shard_of(loaded, plans, shard, out)
    folder, run = _start_run_folder(
        loaded,
        out,
        name,
        base_url or audit.base_url,
        started,
        flag=output_dir is not None,
        shard=(shard, info) if shard is not None and info is not None else None,
    )

    settings = WalkSettings(
        base_url=(base_url or audit.base_url).rstrip("/"),
        run_dir=folder.path,
        needed=evidence_for(loaded),
        timeouts=audit.timeouts,
        allowed_origins=list(audit.allowed_origins),
        block=list(audit.block),
        workers=workers or default_workers(),
        headed=headed,
        browser_ws=browser_ws or audit.browser,
        retries=audit.retries,
        trace=audit.trace,
        while_starting=functools.partial(
            prepare, loaded.standards, [item.journey for item in loaded.journeys]
        ),
    )
    meanwhile: list[Run] = []  # the run judged while the browser closed (walk_all)
    settings.while_closing = lambda walks: meanwhile.append(
        judged(run, walks, loaded.standards, folder.path)
    )
    walks, interrupted = (
        _walk(plans, settings, progress=progress, listener=listener) if plans else ([], False)
    )
    if meanwhile and not interrupted:
        run = meanwhile[0]
    else:
        run = judged(run, walks, loaded.standards, folder.path, interrupted=interrupted)
    if info is not None and not interrupted:
        # A shard is not gated: the merged run is. A finished shard has failed nothing yet.
        run.gate = GateOutcome(reasons=["a shard: the gate is decided when the shards are merged"])
    folder.write_run(run)
    if info is not None:
        return RunOutcome(run=run, run_dir=folder.path)  # a shard: `selfshop merge` publishes
    published = publish(run, folder.path, out, gate=audit.gate, history=audit.history_url)
    # Alerts last: they link the report and compare with the run before.
    alerts = notify_run(loaded, published.run, published.previous, folder.path, out)
    return RunOutcome(run=published.run, run_dir=folder.path, alerts=alerts)


def _start_run_folder(
    loaded: LoadedAudit,
    out: Path,
    name: str,
    base_url: str,
    started: datetime,
    *,
    flag: bool,
    shard: tuple[ShardSpec, ShardInfo] | None = None,
) -> tuple[RunFolder, Run]:
    """The run's folder (a shard's, for a shard), with a run.json marked interrupted (so a run
    killed outright still leaves one). An output that is a file, a device or a folder selfshop
    may not write to is the user's mistake, named where it was made (--out, or the audit's
    `output:`)."""
    try:
        if shard is not None:
            from selfshop.shards import shard_folder

            spec, info = shard
            folder = shard_folder(out, name, spec, started)
            run_id = f"{slugify(name)}-shard-{spec.index}-of-{spec.count}-{folder.path.name}"
        else:
            info, folder = None, RunFolder.create(out, name, started)
            run_id = f"{slugify(name)}-{folder.path.name}"
        run = run_header(
            run_id=run_id,
            audit=name,
            standards=loaded.standards,
            standards_file=loaded.standards_path,
            started_at=started.isoformat(),
            base_url=base_url,
            audit_file=loaded.path,
            interrupted=True,  # a run killed outright still leaves this run.json, so marked
        ).model_copy(update={"shard": info})
        folder.write_run(run)
        return folder, run
    except OSError as error:
        why = f"cannot write run folders in {out}: {error.strerror or error}"
    if flag:
        raise UsageError(f"--out: {why}")
    from selfshop.load.yamlsource import read_source

    source = read_source(loaded.path, display_path(loaded.path))
    raise InputError([source.problem(("output",), why)])


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
        _close_unfinished(walk, settings.stopped_because)
    return started, True


async def _stoppable(
    plans: list[WalkPlan],
    settings: WalkSettings,
    listener: WalkListener | None,
    started: list[JourneyWalk],
) -> list[JourneyWalk]:
    """walk_all, with Ctrl-C or SIGTERM setting the stop flag (which every walk heeds at its next
    step) besides cancelling: a cancellation can be lost inside the browser driver, the flag not.
    The watchdog does the same when the walk outlives its bound."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()

    def on_interrupt(number: int = signal.SIGINT) -> None:
        note_stop_signal(number)
        settings.stop.set()
        if task is not None:
            task.cancel()

    def on_overrun() -> None:
        settings.stopped_because = OVERRUN_STEP
        settings.stop.set()
        if task is not None:
            task.cancel()

    def quiet_when_stopping(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # A Ctrl-C in a terminal also stops the browser driver: its dying words are noise.
        if not settings.stop.is_set():
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet_when_stopping)
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
            loop.add_signal_handler(number, on_interrupt, number)
    watchdog = loop.call_later(audit_bound_s(plans, settings), on_overrun)
    try:
        return await walk_all(plans, settings, listener=listener, started=started)
    finally:
        watchdog.cancel()
        for number, handler in previous.items():
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, TypeError):
                loop.remove_signal_handler(number)
                signal.signal(number, handler)  # removing leaves the default: put ours back


def audit_bound_s(plans: list[WalkPlan], settings: WalkSettings) -> float:
    """The longest a walk of these plans can take: rounds of `workers` journeys, each round as
    long as its longest journey's bound."""
    longest_ms = max(
        (
            journey_bound_ms(p.journey, settings.timeouts, retries_for(p.journey, settings.retries))
            for p in plans
        ),
        default=0,
    )
    rounds = math.ceil(len(plans) / max(1, settings.workers))
    return rounds * longest_ms / 1000 + AUDIT_MARGIN_S


def _close_unfinished(walk: JourneyWalk, why: str) -> None:
    """Steps an interrupted walk never got to are recorded as not reached."""
    for index in range(len(walk.steps), len(walk.journey.steps)):
        walk.steps.append(StepEvidence.not_reached(walk.journey, index, walk.device, why))
