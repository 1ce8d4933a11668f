"""The journey x lens matrix: each journey on each device as every customer walked it, in
customer words, and the journey's verdict as that of its worst lens."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfshop.models.evidence import StepStatus
from selfshop.models.journey import Lens
from selfshop.models.results import JourneyResult, Run, Verdict

# Who walked it, as the report's reader would say it.
CUSTOMERS = {
    None: "a customer with a mouse and fast broadband",
    Lens.keyboard.value: "a keyboard-only customer",
    Lens.screen_reader.value: "a screen-reader user",
    Lens.zoom_400.value: "a customer zoomed to 400 %",
    Lens.slow_3g.value: "a customer on a slow phone connection",
    Lens.reduced_motion.value: "a customer who asked for less motion",
    Lens.forced_colours.value: "a customer with a high-contrast theme",
}
MAX_WORDS = 220


@dataclass
class LensCell:
    lens: str  # "plain" or the lens's name
    verdict: str
    words: str  # e.g. "a keyboard-only customer cannot finish: stuck at ..."


@dataclass
class LensRow:
    title: str
    device: str
    verdict: str  # the worst of its cells
    cells: list[LensCell] = field(default_factory=list)


@dataclass
class LensMatrix:
    lenses: list[str]  # column order: plain first
    rows: list[LensRow]


def lens_matrix(run: Run) -> LensMatrix | None:
    """The matrix, or None when the run walked no lens."""
    if not any(j.lens for j in run.journeys):
        return None
    groups: dict[tuple[str, str], list[JourneyResult]] = {}
    for journey in run.journeys:
        groups.setdefault((journey.journey_id, journey.device), []).append(journey)
    lenses = ["plain"] + [lens.value for lens in Lens if any(j.lens == lens for j in run.journeys)]
    rows = [_row(walks, lenses) for walks in groups.values()]
    return LensMatrix(lenses=lenses, rows=rows)


def _row(walks: list[JourneyResult], lenses: list[str]) -> LensRow:
    """One journey on one device: a cell per column (a lens it was not walked as: none)."""
    by_lens = {walk.lens or "plain": walk for walk in walks}
    cells = [
        _cell(by_lens[lens])
        if lens in by_lens
        else LensCell(lens, "", "not walked as this customer")
        for lens in lenses
    ]
    worst = min((Verdict(c.verdict) for c in cells if c.verdict), key=lambda v: v.rank)
    return LensRow(title=walks[0].title, device=walks[0].device, verdict=worst.value, cells=cells)


def _cell(walk: JourneyResult) -> LensCell:
    who = CUSTOMERS.get(walk.lens, f"a {walk.lens} customer")
    failed = next((s.evidence for s in walk.steps if s.evidence.status is StepStatus.failed), None)
    if failed is not None:
        why = (failed.error or "").rstrip(".")
        words = f"{who} cannot finish: stuck at the {failed.step_name!r} step — {why}"
    elif walk.verdict is Verdict.proud:
        words = f"{who} finishes it, and we would be proud of it"
    else:
        reason = walk.reasons[0].rstrip(".") if walk.reasons else walk.verdict.value
        words = f"{who} finishes it, but: {reason}"
    if len(words) > MAX_WORDS:
        words = words[: MAX_WORDS - 1] + "…"
    return LensCell(lens=walk.lens or "plain", verdict=walk.verdict.value, words=words)
