"""`selfshop merge`: the shards of one audit, walked on several machines, made into the one run
a single machine would have made: judged, gated, reported and recorded by selfshop.publish.

Shards are refused (UsageError: one line, exit 2) unless they are all of one audit, walked
against one site, judged by one charter, split one way, and together walk every journey x
device exactly once.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from selfshop.errors import UsageError
from selfshop.models.results import Run
from selfshop.models.shard import ShardInfo
from selfshop.publish import Published, judged, load_audit_standards, publish, run_header
from selfshop.store.runfolder import ARTEFACTS, RUN_FILE, RunFolder, read_run, slugify
from selfshop.walk import JourneyWalk


@dataclass(frozen=True)
class Shard:
    folder: Path
    run: Run
    info: ShardInfo


def find_shards(paths: Sequence[Path]) -> list[Shard]:
    """Every shard run folder given, or found below a folder given (a CI job's downloads)."""
    shards: list[Shard] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such folder")
        folders = [path] if (path / RUN_FILE).is_file() else _below(path)
        if not folders:
            raise UsageError(f"{path}: no shard run folder here (none holds a {RUN_FILE})")
        for folder in folders:
            run = read_run(folder)
            if run.shard is None:
                raise UsageError(f"{folder}: not a shard (walk one with selfshop run --shard I/N)")
            shards.append(Shard(folder, run, run.shard))
    return shards


def _below(path: Path) -> list[Path]:
    return sorted({f.parent for f in path.rglob(RUN_FILE) if not f.parent.is_symlink()})


def check_together(shards: Sequence[Shard]) -> None:
    """Refuse shards that do not make one whole audit; the message names the odd one out."""
    first = shards[0]
    for shard in shards[1:]:
        for what, mine, theirs in (
            ("audits", shard.run.audit, first.run.audit),
            ("audits", shard.info.audit_version, first.info.audit_version),
            ("sites", shard.run.base_url, first.run.base_url),
            ("standards", shard.run.standards_version, first.run.standards_version),
            ("shard counts", shard.info.count, first.info.count),
            ("splits", shard.info.plan, first.info.plan),
        ):
            if mine != theirs:
                raise UsageError(
                    f"{shard.folder} and {first.folder} are shards of different {what} "
                    f"({_short(mine)} and {_short(theirs)}): merge the shards of one run"
                )
    seen: dict[int, Shard] = {}
    for shard in shards:
        if shard.info.index in seen:
            raise UsageError(
                f"shard {shard.info.index}/{shard.info.count} given twice: "
                f"{seen[shard.info.index].folder} and {shard.folder}"
            )
        seen[shard.info.index] = shard
    missing = [str(i) for i in range(1, first.info.count + 1) if i not in seen]
    if missing:
        raise UsageError(
            f"shard {', '.join(missing)} of {first.info.count} missing: merge needs every shard"
        )
    _check_split(shards)


def _check_split(shards: Sequence[Shard]) -> None:
    walked: dict[str, Shard] = {}
    for shard in shards:
        for key in shard.info.keys:
            if key in walked:
                raise UsageError(
                    f"{key} was walked by shard {walked[key].info.index} and shard "
                    f"{shard.info.index}: the machines split the audit differently (give "
                    "every shard the same history folder, or none)"
                )
            walked[key] = shard
    unwalked = [key for key in shards[0].info.plan if key not in walked]
    if unwalked:
        raise UsageError(
            f"{unwalked[0]} was walked by no shard: the machines split the audit differently "
            "(give every shard the same history folder, or none)"
        )


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def merged_walks(shards: Sequence[Shard]) -> list[JourneyWalk]:
    """Every shard's walks, as walked, in the audit's own order."""
    walks: dict[str, JourneyWalk] = {}
    for shard in shards:
        for journey in shard.run.journeys:
            if journey.definition is None:
                raise UsageError(
                    f"{shard.folder}: {journey.key} has no journey definition to judge it by "
                    "(walked by an older selfshop): walk the shard again"
                )
            walks[journey.key] = JourneyWalk(
                journey=journey.definition,
                device=journey.device,
                lens=journey.lens,
                steps=[step.evidence for step in journey.steps],
                walker=journey.walker,
                duration_ms=journey.duration_ms,
            )
    return [walks[key] for key in shards[0].info.plan if key in walks]


def merge(paths: Sequence[Path], output_dir: Path | None = None) -> Published:
    """Merge the shards in `paths` into one run under output_dir (default: the audit's own
    output folder), judged with the standards the shards were judged with."""
    shards = sorted(find_shards(paths), key=lambda s: s.info.index)
    check_together(shards)
    first = shards[0].run
    standards, standards_file = load_audit_standards(first)
    header = run_header(
        run_id="",
        audit=first.audit,
        standards=standards,
        standards_file=standards_file,
        started_at=min(s.run.started_at for s in shards),
        base_url=first.base_url,
        audit_file=Path(first.audit_file) if first.audit_file else None,
    )
    if header.standards_version != first.standards_version:
        raise UsageError(
            f"{standards_file} has changed since the shards were judged "
            f"({header.standards_version}, the shards {first.standards_version}): "
            "merge with the standards they were walked with"
        )
    out = output_dir if output_dir is not None else _audit_output(first)
    started = datetime.fromisoformat(header.started_at)
    folder = RunFolder.create(out, first.audit, started.astimezone(UTC))
    header.run_id = f"{slugify(first.audit)}-{folder.path.name}"
    for shard in shards:
        _copy_artefacts(shard.folder, folder.path)
    run = judged(
        header,
        merged_walks(shards),
        standards,
        folder.path,
        interrupted=any(s.run.interrupted for s in shards),
        finished_at=max(s.run.finished_at or s.run.started_at for s in shards),
    )
    return publish(run, folder.path, out, gate=shards[0].info.gate)


def _audit_output(run: Run) -> Path:
    """The output folder the audit names, as `selfshop run` would have used."""
    from selfshop.load.files import load_audit_plan

    if not run.audit_file or not Path(run.audit_file).is_file():
        raise UsageError(
            f"the audit file {run.audit_file} is not here to say where the merged run goes: "
            "give --out DIR"
        )
    audit_file = Path(run.audit_file)
    audit, _ = load_audit_plan(audit_file, base_url=run.base_url)
    return (audit_file.parent / audit.output).resolve()


def _copy_artefacts(shard_dir: Path, run_dir: Path) -> None:
    """Screenshots and other artefacts keep their paths (each walk has its own folder)."""
    source = shard_dir / ARTEFACTS
    if source.is_dir():
        shutil.copytree(source, run_dir / ARTEFACTS, dirs_exist_ok=True)
