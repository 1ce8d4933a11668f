"""The shard side of a sharded run: which share this machine walks, where its folder goes, and
what it records so `selfshop merge` can tell the shards of one audit from any others."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from selfshop.load.files import LoadedAudit
from selfshop.models.shard import ShardInfo
from selfshop.store.runfolder import RunFolder, slugify
from selfshop.walk.capture import WalkPlan
from selfshop.walk.shards import ShardSpec, split

SHARDS_DIR = "shards"  # <output>/<audit-slug>/shards/: out of sight of history and the index


def audit_version(loaded: LoadedAudit) -> str:
    """A hash of the audit file and of every journey as loaded (fragments included; secrets
    masked), e.g. 'sha256:3f2a9c1d0b7e': shards that disagree on it walked different audits."""
    digest = hashlib.sha256(loaded.path.read_bytes())
    for item in loaded.journeys:
        digest.update(item.journey.model_dump_json().encode())
    return "sha256:" + digest.hexdigest()[:12]


def last_durations(output_dir: Path, audit: str) -> tuple[dict[str, float], str]:
    """How long each walk took in the audit's last recorded run, and that run's id (empty
    when there is no history: a shard never creates one)."""
    from selfshop.store.history import DB_NAME, History

    db = output_dir / DB_NAME
    if not db.is_file():
        return {}, ""
    last = History(db).previous(audit, "")
    if last is None:
        return {}, ""
    return {j.key: j.duration_ms for j in last.journeys}, last.run_id


def shard_of(
    loaded: LoadedAudit, plans: list[WalkPlan], spec: ShardSpec, output_dir: Path
) -> tuple[list[WalkPlan], ShardInfo]:
    """This shard's plans, and the record of the split its run folder keeps."""
    durations, source = last_durations(output_dir, loaded.audit.name)
    share = split(plans, spec, durations, source)
    info = ShardInfo(
        index=spec.index,
        count=spec.count,
        audit_version=audit_version(loaded),
        plan=[plan.key for plan in plans],
        keys=[plan.key for plan in share.plans],
        balanced_by=share.balanced_by,
        gate=loaded.audit.gate,
    )
    return share.plans, info


def shard_folder(output_dir: Path, audit: str, spec: ShardSpec, started: datetime) -> RunFolder:
    """<output>/<audit-slug>/shards/shard-<i>-of-<n>/<timestamp>/"""
    parent = output_dir / slugify(audit) / SHARDS_DIR
    return RunFolder.create(parent, f"shard {spec.index} of {spec.count}", started)
