"""Splitting an audit into shards: every walk in exactly one shard, the same split on every
machine, balanced by the last durations when known and by step counts otherwise."""

from __future__ import annotations

import pytest

from selfshop.errors import UsageError
from selfshop.models.journey import Journey
from selfshop.walk.capture import WalkPlan
from selfshop.walk.shards import BY_STEPS, ShardSpec, split


def _plans(
    step_counts: dict[str, int], devices: tuple[str, ...] = ("desktop", "mobile")
) -> list[WalkPlan]:
    plans = []
    for journey_id, steps in step_counts.items():
        journey = Journey.model_validate(
            {
                "id": journey_id,
                "title": journey_id,
                "start": "/",
                "steps": [{"name": f"Step {i}", "do": [{"goto": "/"}]} for i in range(steps)],
            }
        )
        plans += [WalkPlan(journey, device) for device in devices]
    return plans


STEPS = {"a": 5, "b": 1, "c": 3, "d": 3, "e": 2, "f": 8, "g": 1}


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 20])
def test_every_walk_is_in_exactly_one_shard(count: int) -> None:
    plans = _plans(STEPS)
    shares = [split(plans, ShardSpec(i, count), {}).plans for i in range(1, count + 1)]
    keys = [plan.key for share in shares for plan in share]
    assert sorted(keys) == sorted(plan.key for plan in plans)
    assert len(keys) == len(set(keys))


def test_a_share_keeps_the_audit_order_and_is_the_same_every_time() -> None:
    plans = _plans(STEPS)
    first = [p.key for p in split(plans, ShardSpec(2, 3), {}).plans]
    again = [p.key for p in split(_plans(STEPS), ShardSpec(2, 3), {}).plans]
    assert first == again
    order = [p.key for p in plans]
    assert first == sorted(first, key=order.index)


def test_without_durations_shards_are_balanced_by_step_count() -> None:
    plans = _plans(STEPS)  # 46 steps in all
    shares = [split(plans, ShardSpec(i, 2), {}) for i in (1, 2)]
    loads = [sum(len(p.journey.steps) for p in share.plans) for share in shares]
    assert loads == [23, 23]
    assert shares[0].balanced_by == BY_STEPS


def test_known_durations_balance_the_split_instead_of_step_counts() -> None:
    plans = _plans({"slow": 1, "quick1": 4, "quick2": 4}, devices=("desktop",))
    durations = {"slow@desktop": 9000.0, "quick1@desktop": 1000.0, "quick2@desktop": 1000.0}
    one = split(plans, ShardSpec(1, 2), durations, "run-7")
    two = split(plans, ShardSpec(2, 2), durations, "run-7")
    # By steps the one-step journey would share a shard; by time it is the heaviest, alone.
    assert [p.key for p in one.plans] == ["slow@desktop"]
    assert [p.key for p in two.plans] == ["quick1@desktop", "quick2@desktop"]
    assert one.balanced_by == "durations of run-7"


def test_durations_that_miss_a_walk_fall_back_to_step_counts() -> None:
    plans = _plans({"slow": 1, "quick1": 4, "quick2": 4}, devices=("desktop",))
    share = split(plans, ShardSpec(1, 2), {"slow@desktop": 9000.0}, "run-7")
    assert share.balanced_by == BY_STEPS


def test_more_shards_than_walks_leaves_some_shards_empty() -> None:
    plans = _plans({"a": 2}, devices=("desktop",))
    assert [p.key for p in split(plans, ShardSpec(1, 3), {}).plans] == ["a@desktop"]
    assert split(plans, ShardSpec(3, 3), {}).plans == []


@pytest.mark.parametrize(
    ("text", "index", "count"), [("1/1", 1, 1), ("2/4", 2, 4), (" 3 / 3 ", 3, 3)]
)
def test_a_shard_is_written_index_slash_count(text: str, index: int, count: int) -> None:
    assert ShardSpec.parse(text) == ShardSpec(index, count)


@pytest.mark.parametrize("text", ["", "2", "2/", "a/b", "1/2/3", "-1/2"])
def test_a_malformed_shard_says_what_is_expected(text: str) -> None:
    with pytest.raises(UsageError, match="expected INDEX/COUNT such as 2/4"):
        ShardSpec.parse(text)


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0"])
def test_shards_count_from_one_with_a_hint_for_zero_based_indexes(text: str) -> None:
    with pytest.raises(UsageError, match=r"JOB_COMPLETION_INDEX \+ 1"):
        ShardSpec.parse(text)
