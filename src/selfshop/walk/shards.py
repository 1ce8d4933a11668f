"""Split an audit's walks into shards: a deterministic, balanced share for each machine.

Every machine must come to the same split, so it depends only on the plan (the audit's
journeys x devices, in order) and the weights: the last known duration of each walk when the
history knows all of them, else each journey's step count. Heaviest first, each walk goes to
the lightest shard so far (ties to the lower shard number): the longest-processing-time rule,
within a third of the best split and far closer in practice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from selfshop.errors import UsageError
from selfshop.walk.capture import WalkPlan

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
BY_STEPS = "step counts"


@dataclass(frozen=True)
class ShardSpec:
    """Shard `index` of `count`, counting from 1 (as GitHub Actions matrices and Playwright do)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> ShardSpec:
        """'2/4' -> ShardSpec(2, 4); anything else is a usage error that says what is wanted."""
        found = _SPEC.match(text)
        if found is None:
            raise UsageError(f"--shard: expected INDEX/COUNT such as 2/4, got {text!r}")
        index, count = int(found[1]), int(found[2])
        if count < 1 or not 1 <= index <= count:
            raise UsageError(
                f"--shard {text}: shards count from 1 to COUNT (in a Kubernetes Indexed Job, "
                "whose index starts at 0, use $((JOB_COMPLETION_INDEX + 1))/COUNT)"
            )
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class Share:
    """The plans one shard walks, and what the split was balanced by."""

    plans: list[WalkPlan]
    balanced_by: str


def split(
    plans: Sequence[WalkPlan], spec: ShardSpec, durations: Mapping[str, float], source: str = ""
) -> Share:
    """This shard's plans, in plan order. `durations` (ms by journey_id@device, from the last
    run named `source`) balance the split when they cover every plan."""
    known = all(durations.get(plan.key, 0) > 0 for plan in plans)
    if known and plans:
        weights = [durations[plan.key] for plan in plans]
        basis = f"durations of {source}" if source else "durations"
    else:
        weights = [float(len(plan.journey.steps)) for plan in plans]
        basis = BY_STEPS
    loads = [0.0] * spec.count
    owner: dict[int, int] = {}
    for position in sorted(range(len(plans)), key=lambda i: (-weights[i], i)):
        lightest = min(range(spec.count), key=lambda shard: (loads[shard], shard))
        loads[lightest] += weights[position]
        owner[position] = lightest
    mine = [plan for i, plan in enumerate(plans) if owner[i] == spec.index - 1]
    return Share(mine, basis)
