"""`selfshop merge` refuses shards that do not make one whole run: one clear line, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from selfshop.errors import UsageError
from selfshop.merge import check_together, find_shards
from selfshop.models.results import Run
from selfshop.models.shard import ShardInfo
from selfshop.store.runfolder import RunFolder

PLAN = ["buy@desktop", "buy@mobile", "find@desktop"]
SPLIT = {1: ["buy@desktop"], 2: ["buy@mobile"], 3: ["find@desktop"]}


def write_shard(root: Path, index: int, **changes: object) -> Path:
    """A shard run folder of a three-shard audit; `changes` alter its run or its shard."""
    info = ShardInfo(
        index=index,
        count=3,
        audit_version="sha256:aaaaaaaaaaaa",
        plan=list(PLAN),
        keys=list(SPLIT.get(index, [])),
        balanced_by="step counts",
    )
    info = info.model_copy(update={k: v for k, v in changes.items() if k in ShardInfo.model_fields})
    run = Run(
        run_id=f"shard-{index}",
        audit="Weekly",
        base_url="http://127.0.0.1:8000",
        started_at="2026-11-29T10:00:00+00:00",
        standards_version="sha256:bbbbbbbbbbbb",
        shard=info,
    )
    run = run.model_copy(update={k: v for k, v in changes.items() if k in Run.model_fields})
    folder = RunFolder.create(root / f"machine-{index}-{len(list(root.glob('*')))}", "w")
    folder.write_run(run)
    return folder.path


def refusal(paths: list[Path]) -> str:
    with pytest.raises(UsageError) as raised:
        check_together(find_shards(paths))
    return str(raised.value)


def test_all_three_shards_of_one_run_go_together(tmp_path: Path) -> None:
    check_together(find_shards([write_shard(tmp_path, i) for i in (1, 2, 3)]))


def test_a_folder_holding_shard_folders_is_searched(tmp_path: Path) -> None:
    for index in (1, 2, 3):
        write_shard(tmp_path / "downloads", index)
    assert sorted(s.info.index for s in find_shards([tmp_path / "downloads"])) == [1, 2, 3]


def test_shards_of_different_audits_are_refused(tmp_path: Path) -> None:
    shards = [write_shard(tmp_path, 1), write_shard(tmp_path, 2, audit="Monthly")]
    shards.append(write_shard(tmp_path, 3))
    assert "shards of different audits (Monthly and Weekly)" in refusal(shards)


def test_shards_of_a_changed_audit_file_are_refused(tmp_path: Path) -> None:
    shards = [write_shard(tmp_path, 1), write_shard(tmp_path, 2, audit_version="sha256:cc")]
    assert "different audits" in refusal([*shards, write_shard(tmp_path, 3)])


def test_shards_judged_by_different_standards_are_refused(tmp_path: Path) -> None:
    odd = write_shard(tmp_path, 3, standards_version="sha256:dddddddddddd")
    message = refusal([write_shard(tmp_path, 1), write_shard(tmp_path, 2), odd])
    assert message.startswith(f"{odd} and ")
    assert "different standards" in message


def test_shards_of_different_sites_are_refused(tmp_path: Path) -> None:
    odd = write_shard(tmp_path, 2, base_url="https://staging.example")
    assert "different sites" in refusal([write_shard(tmp_path, 1), odd, write_shard(tmp_path, 3)])


def test_a_shard_given_twice_is_refused(tmp_path: Path) -> None:
    twice = [write_shard(tmp_path, 1), write_shard(tmp_path, 2), write_shard(tmp_path, 2)]
    assert refusal([*twice, write_shard(tmp_path, 3)]).startswith("shard 2/3 given twice: ")


def test_a_missing_shard_is_named(tmp_path: Path) -> None:
    message = refusal([write_shard(tmp_path, 1), write_shard(tmp_path, 3)])
    assert message == "shard 2 of 3 missing: merge needs every shard"


def test_shards_split_differently_are_refused(tmp_path: Path) -> None:
    overlapping = write_shard(tmp_path, 2, keys=["buy@mobile", "buy@desktop"])
    message = refusal([write_shard(tmp_path, 1), overlapping, write_shard(tmp_path, 3)])
    assert message.startswith("buy@desktop was walked by shard 1 and shard 2")


def test_a_run_that_is_not_a_shard_is_refused(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, "whole")
    folder.write_run(Run(run_id="x", audit="Weekly", started_at="2026-11-29T10:00:00+00:00"))
    assert "not a shard" in refusal([folder.path])


def test_the_command_says_it_in_one_line_and_exits_2(tmp_path: Path) -> None:
    shards = [write_shard(tmp_path, 1), write_shard(tmp_path, 2, audit="Monthly")]
    done = subprocess.run(
        [sys.executable, "-m", "selfshop", "merge", *map(str, shards), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "shards of different audits" in lines[0], done.stderr
    assert not (tmp_path / "history.sqlite").exists()  # nothing recorded
