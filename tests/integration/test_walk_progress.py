"""The progress display: journeys and steps as they go, with untrusted names escaped."""

from __future__ import annotations

import io

from rich.console import Console

from selfshop.models.evidence import StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.walk import JourneyWalk
from selfshop.walk.progress import RichProgress


def test_progress_shows_each_journey_its_steps_and_the_total() -> None:
    journey = Journey.model_validate(
        {
            "id": "buy",
            "title": "Buy",
            "start": "/",
            "steps": [{"name": "Find [bold]gifts[/bold]"}, {"name": "Pay"}],
        }
    )
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    walk = JourneyWalk(journey=journey, device="mobile")
    with RichProgress(1, console=console) as progress:
        progress.journey_started(walk)
        for index, status in enumerate((StepStatus.passed, StepStatus.failed)):
            evidence = StepEvidence(
                journey_id="buy",
                step_index=index,
                step_name=journey.steps[index].name,
                status=status,
            )
            walk.steps.append(evidence)
            progress.step_finished(walk, evidence)
        progress.journey_finished(walk)
    shown = out.getvalue()
    assert "buy@mobile" in shown
    assert "✓✗" in shown
    assert "Journeys" in shown and "1/1" in shown
    assert "Find [bold]gifts[/bold]" in shown, "step names are shown as written, not as markup"
