"""Leaders' guided walks beside an automated run: their ratings join the same steps, and the
run is judged again, so the report shows person and machine side by side."""

from __future__ import annotations

from collections.abc import Collection

from selfshop.judge.scoring import rejudge
from selfshop.models.evidence import GuidedRating
from selfshop.models.results import JourneyResult, Run, Walker
from selfshop.models.standards import Standards


def attach_walks(
    run: Run, walks: list[Run], standards: Standards, *, journey_ids: Collection[str] | None = None
) -> Run:
    """The run with leaders' walks of the same journeys beside its evidence, judged again.

    A walk's ratings join the automated steps of the same journey, device and step name (so
    the report can show person and machine side by side, and where they disagree); only each
    auditor's latest walk of a journey counts. A walk with no automated counterpart (a phone
    journey, say) joins the run as a journey of its own. `journey_ids` limits the walks to an
    audit's own journeys.
    """
    combined = run.model_copy(deep=True)
    for walked in _latest_per_auditor(walks):
        if journey_ids is not None and walked.journey_id not in journey_ids:
            continue
        target = next(
            (
                j
                for j in combined.journeys
                if j.journey_id == walked.journey_id
                and j.device == walked.device
                and not j.walker.is_guided
            ),
            None,
        )
        if target is None:
            present = {(j.key, j.walker) for j in combined.journeys}
            if (walked.key, walked.walker) not in present:
                combined.journeys.append(walked)
            continue
        for step in walked.steps:
            index = step.evidence.step_index
            if index >= len(target.steps):
                continue
            evidence = target.steps[index].evidence
            if evidence.step_name != step.evidence.step_name:
                continue  # the journey changed since the walk: its ratings no longer fit
            for rating in step.evidence.guided:
                if not any(_same_rating(rating, kept) for kept in evidence.guided):
                    evidence.guided.append(rating)
    return rejudge(combined, standards)


def _latest_per_auditor(walks: list[Run]) -> list[JourneyResult]:
    latest: dict[tuple[Walker, str], tuple[str, JourneyResult]] = {}
    for walk in walks:
        for journey in walk.journeys:
            if not journey.walker.is_guided:
                continue
            key = (journey.walker, journey.key)
            if key not in latest or walk.started_at >= latest[key][0]:
                latest[key] = (walk.started_at, journey)
    return [journey for _, journey in latest.values()]


def _same_rating(one: GuidedRating, other: GuidedRating) -> bool:
    return one.auditor == other.auditor and one.walked_at == other.walked_at
