"""A shard: one machine's share of an audit, walked apart and merged into one run later."""

from __future__ import annotations

from pydantic import Field

from selfshop.models.audit import Gate
from selfshop.models.common import DataModel


class ShardInfo(DataModel):
    """What `selfshop merge` needs to know a shard belongs with the others, and how to gate
    the merged run."""

    index: int = Field(ge=1, description="This shard's number, counting from 1")
    count: int = Field(ge=1, description="How many shards the audit was split into")
    audit_version: str = Field(description="Hash of the audit file the shard walked")
    plan: list[str] = Field(description="Every journey_id@device of the audit, in run order")
    keys: list[str] = Field(description="The journey_id@device this shard walked")
    balanced_by: str = Field(description="What the split was balanced by")
    gate: Gate = Field(default_factory=Gate, description="The audit's gate, decided at merge")
