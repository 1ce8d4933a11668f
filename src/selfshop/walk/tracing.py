"""Playwright traces of walks (`trace:` in the audit): every action, snapshot and request of a
journey, to open with `playwright show-trace` and see what the customer met.

`on-failure` keeps the trace of a walk with a failed step (and names it on that step);
`always` keeps every walk's (named on every step). A journey that types a secret is never
traced: a trace records what was typed and every page as it was, and secrets never reach disk.
"""

from __future__ import annotations

import asyncio
import contextlib

from playwright.async_api import BrowserContext
from playwright.async_api import Error as PlaywrightError

from selfshop.models.audit import TraceMode
from selfshop.models.evidence import StepStatus
from selfshop.store.runfolder import ARTEFACTS
from selfshop.walk import JourneyWalk
from selfshop.walk.capture import WalkSettings, artefact_name

STOP_SECONDS = 60  # writing a trace of a long walk takes a while; never for ever


async def start_trace(context: BrowserContext, mode: TraceMode, has_secrets: bool) -> bool:
    """Start tracing this walk's context when the mode asks for it; True when tracing."""
    if mode is TraceMode.off or has_secrets:
        return False
    try:
        await context.tracing.start(screenshots=True, snapshots=True, sources=False)
    except PlaywrightError:
        return False  # no trace is a pity, never a reason to stop walking
    return True


async def keep_trace(
    context: BrowserContext, walk: JourneyWalk, settings: WalkSettings, plan_key: str
) -> None:
    """Stop tracing; save the trace where the mode wants it kept, and name it on the steps."""
    failed = [s for s in walk.steps if s.status is StepStatus.failed]
    keep = settings.trace is TraceMode.always or bool(failed)
    trace = f"{ARTEFACTS}/{artefact_name(plan_key, 0, 'trace').rsplit('/', 1)[0]}/trace.zip"
    with contextlib.suppress(PlaywrightError, OSError, TimeoutError):
        async with asyncio.timeout(STOP_SECONDS):
            if not keep:
                await context.tracing.stop()
                return
            await context.tracing.stop(path=settings.run_dir / trace)
            for step in walk.steps if settings.trace is TraceMode.always else failed:
                step.trace = trace
