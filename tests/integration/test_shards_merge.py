"""Three shards of the demo audit, walked as three processes (one of them in a remote browser
behind `playwright run-server`) and merged, make the run one process would have made: the
same verdicts, scores, findings, gate, report sections and history row."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.server import running_demo
from selfshop.store.runfolder import latest_run_dir, read_run
from selfshop.walk.browser import find_chromium

pytestmark = pytest.mark.browser

# Checks of measured quantities differ between any two walks, merged or not: times measure how
# busy the machine was (three processes at once walk slower than one), and page weight varies
# by a few bytes a walk (headers, session ids). They are left out, so the judgement compared
# is all the rest: every other check, finding, score and verdict.
MEASURED = ("step-time", "lcp", "cls", "page-weight")


@pytest.fixture(scope="module")
def flawed_shop() -> Iterator[str]:
    with running_demo() as urls:
        yield urls.flawed


def demo_project(root: Path) -> Path:
    """The demo project, copied, without the checks of measured quantities; its audit."""
    packaged = resources.files("selfshop.demo").joinpath("project")
    shutil.copytree(str(packaged), root / "project")
    for path in [root / "project" / "standards.yaml", *(root / "project").glob("journeys/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        for check in MEASURED:
            text = text.replace(f"[{check}, ", "[").replace(f", {check}", "")
            text = re.sub(rf"\n +checks:\n +{check}: {{[^}}]*}}", "", text)
        path.write_text(text, encoding="utf-8")
    return root / "project" / "audits" / "demo.yaml"


def selfshop(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    base = {**os.environ, **DEMO_SECRETS, "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "selfshop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**base, **(env or {})},
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=900)
    return process.returncode, output


def judgement(run_dir: Path) -> dict[str, Any]:
    """What a run decided, without when it ran or how long it took."""
    run = read_run(run_dir)
    return {
        "audit": run.audit,
        "interrupted": run.interrupted,
        "gate": run.gate.model_dump(),
        "journeys": [
            {
                "key": j.key,
                "verdict": j.verdict,
                "score": j.score,
                "reasons": j.reasons,
                "standard_scores": j.standard_scores,
                "steps": [
                    {
                        "status": s.evidence.status,
                        "error": s.evidence.error,
                        "verdict": s.verdict,
                        "score": s.score,
                        "checks": [
                            (c.check_id, c.status, c.score, [f.key for f in c.findings])
                            for c in s.checks
                        ],
                    }
                    for s in j.steps
                ],
            }
            for j in run.journeys
        ],
        "fix_first": [(r.finding.key, r.priority, r.journeys, r.steps) for r in run.fix_first],
    }


def history_row(output: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The history's record of the one run in `output`, without ids, times and folders."""
    with sqlite3.connect(output / "history.sqlite") as db:
        return {
            "runs": db.execute(
                "SELECT audit, base_url, walker, standards_version, gate_passed, interrupted "
                "FROM runs"
            ).fetchall(),
            "journeys": db.execute(
                "SELECT journey_key, journey_id, device, title, score, verdict, position "
                "FROM journeys ORDER BY position"
            ).fetchall(),
            "steps": db.execute(
                "SELECT journey_key, step_index, name, status, score, verdict FROM steps "
                "ORDER BY journey_key, step_index"
            ).fetchall(),
            "findings": db.execute(
                "SELECT finding_key, check_id, standard, severity, message, priority, places "
                "FROM findings ORDER BY finding_key"
            ).fetchall(),
        }


WHEN = re.compile(r"\d+ \w+ \d{4}, \d\d:\d\d UTC")


def sections(run_dir: Path) -> dict[str, list[str]]:
    """The headings of the HTML report and of the Markdown summary (without the time of the
    run), and the test cases of the JUnit report."""
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    markdown = (run_dir / "summary.md").read_text(encoding="utf-8")
    return {
        "html": [
            WHEN.sub("", re.sub(r"<[^>]+>|\s+", " ", h)).strip()
            for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
        ],
        "md": [WHEN.sub("", line) for line in markdown.splitlines() if line.startswith("#")],
        "junit": sorted(
            re.findall(r'<testcase [^>]*name="([^"]+)"', (run_dir / "junit.xml").read_text())
        ),
    }


def test_three_shards_merged_make_the_run_one_process_makes(
    tmp_path: Path, flawed_shop: str, browser_server: str
) -> None:
    audit = str(demo_project(tmp_path))
    single_out, shard_out, merged_out = (tmp_path / name for name in ("one", "shards", "merged"))
    remote = {"SELFSHOP_CHROMIUM": find_chromium(None) or ""}
    common = ["run", audit, "--base-url", flawed_shop]
    processes = [
        selfshop(*common, "--out", str(shard_out), "--shard", "1/3"),
        selfshop(
            *common,
            "--out",
            str(shard_out),
            "--shard",
            "2/3",
            "--browser-ws",
            browser_server,
            env=remote,
        ),
        selfshop(*common, "--out", str(shard_out), "--shard", "3/3"),
    ]
    shards = [finished(p) for p in processes]
    for code, output in shards:
        assert code == 0, output  # a shard is not gated: the merged run is
        assert "Traceback" not in output

    code, output = finished(selfshop("merge", str(shard_out), "--out", str(merged_out)))
    assert code == 1, output  # the flawed shop fails its gate, decided on the merged run
    one_code, one_output = finished(selfshop(*common, "--out", str(single_out)))
    assert one_code == 1, one_output

    merged_dir = latest_run_dir(merged_out / "demo-shop")
    single_dir = latest_run_dir(single_out / "demo-shop")
    assert merged_dir is not None and single_dir is not None
    merged, single = judgement(merged_dir), judgement(single_dir)
    assert not {c[0] for j in single["journeys"] for s in j["steps"] for c in s["checks"]} & set(
        MEASURED
    )
    assert [j["key"] for j in merged["journeys"]] == [j["key"] for j in single["journeys"]]
    assert {j["verdict"] for j in single["journeys"]} >= {"redesign"}
    assert merged == single
    assert sections(merged_dir) == sections(single_dir)
    assert history_row(merged_out) == history_row(single_out)
    assert not (shard_out / "history.sqlite").exists()  # shards record nothing
    for journey in read_run(merged_dir).journeys:  # every screenshot came across from its shard
        for step in journey.steps:
            if step.evidence.screenshot:
                assert (merged_dir / step.evidence.screenshot).is_file()
