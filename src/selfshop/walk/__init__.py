"""Walking journeys: what one walk of one journey on one device produced."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfshop.models.evidence import StepEvidence
from selfshop.models.journey import Journey
from selfshop.models.results import AUTOMATED, Walker


@dataclass
class JourneyWalk:
    """One journey walked once on one device: the evidence of every step, in order."""

    journey: Journey
    device: str
    steps: list[StepEvidence] = field(default_factory=list)
    walker: Walker = AUTOMATED
    duration_ms: float = 0
    lens: str | None = None  # the customer lens walked (walk/lenses); None: the plain walk

    @property
    def completed(self) -> bool:
        """True when every step passed (a journey that cannot be completed is never proud)."""
        return bool(self.steps) and all(step.status == "passed" for step in self.steps)


__all__ = ["JourneyWalk"]
