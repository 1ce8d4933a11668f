"""Judge and publish a run: the one path from walks (or saved evidence) to a finished run folder.

`selfshop run`, `selfshop walk` and `selfshop report --rejudge` all end here, so every run is
judged, cropped, gated, written, reported and recorded the same way:

    run_header -> judged / rejudged (scores, verdicts, crops) -> publish (gate, run.json,
    reports, history, the `latest` pointer)
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from selfshop import __version__
from selfshop.judge.crops import crop_findings, share_crops
from selfshop.judge.scoring import WalkLike, judge, rejudge
from selfshop.models.audit import Gate
from selfshop.models.journey import Journey
from selfshop.models.results import AUTOMATED, GateOutcome, Run, Walker
from selfshop.models.standards import Standards
from selfshop.store.runfolder import RunFolder

if TYPE_CHECKING:
    from selfshop.walk.guided import WalkSession

__all__ = [
    "Published",
    "finish_walk",
    "judged",
    "publish",
    "rejudged",
    "run_header",
    "standards_version",
    "with_walks",
]


def standards_version(standards_file: Path | None, standards: Standards) -> str:
    """Which charter judged a run: a hash of the standards file as written (of the loaded
    standards when the file cannot be read), e.g. 'sha256:3f2a9c1d0b7e'."""
    try:
        data = standards_file.read_bytes() if standards_file else None
    except OSError:
        data = None
    if data is None:
        data = standards.model_dump_json().encode()
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


def run_header(
    *,
    run_id: str,
    audit: str,
    standards: Standards,
    standards_file: Path | None,
    started_at: str,
    walker: Walker = AUTOMATED,
    base_url: str | None = None,
    audit_file: Path | None = None,
    interrupted: bool = False,
) -> Run:
    """A run with no journeys yet: who walked what, when, and which standards judge it."""
    run = Run(
        run_id=run_id,
        audit=audit,
        audit_file=str(audit_file) if audit_file else None,
        base_url=base_url,
        started_at=started_at,
        interrupted=interrupted,
        walker=walker,
        selfshop_version=__version__,
    )
    if interrupted:
        # Until the run finishes it has passed nothing: a run that never started says so.
        run.gate = GateOutcome(passed=False, reasons=["the run did not finish: nothing was judged"])
    return run.judged_with(standards, standards_version(standards_file, standards))


def prepare(standards: Standards, journeys: Sequence[Journey]) -> None:
    """Load what judging, reporting and the history read (their code, the checks'
    dictionaries): a run calls it while Chromium starts, when the walk only waits."""
    from selfshop.judge.checks import prepare_checks
    from selfshop.report.reporters import load_defaults

    importlib.import_module("selfshop.store.history")
    load_defaults()
    prepare_checks(standards, journeys)


def judged(
    run: Run,
    walks: Sequence[WalkLike],
    standards: Standards,
    run_dir: Path,
    *,
    interrupted: bool = False,
    finished_at: str | None = None,
) -> Run:
    """The run with every walk checked, scored and given a verdict; findings get their crops."""
    journeys, fix_first = judge(walks, standards)
    crop_findings(journeys, run_dir)
    share_crops(fix_first, journeys)
    return run.model_copy(
        update={
            "journeys": journeys,
            "fix_first": fix_first,
            "interrupted": interrupted,
            "finished_at": finished_at or datetime.now(UTC).isoformat(),
        }
    )


def rejudged(run: Run, standards: Standards, standards_file: Path | None, run_dir: Path) -> Run:
    """A saved run judged again from its evidence with these standards (no browser)."""
    again = rejudge(run, standards).judged_with(
        standards, standards_version(standards_file, standards)
    )
    crop_findings(again.journeys, run_dir)
    share_crops(again.fix_first, again.journeys)
    return again


@dataclass
class Published:
    run: Run
    run_dir: Path
    reports: dict[str, Path]
    previous: Run | None = None  # the run it was compared with


def publish(
    run: Run,
    run_dir: Path,
    output_dir: Path,
    *,
    gate: Gate | None = None,
    compare: bool = True,
    history: str | None = None,
) -> Published:
    """Gate the run (with `gate`), write run.json, record it in the output folder's history
    (`history`, a database URL, when the audit names one), write the reports (compared with
    the previous run of the same audit unless `compare` is off) and point the audit's
    `latest` at it."""
    from selfshop.judge.gate import evaluate
    from selfshop.report import write_reports
    from selfshop.store.history import open_history

    store = open_history(output_dir, history)
    previous = store.previous(run.audit, run.run_id) if compare else None
    if gate is not None:
        run.gate = evaluate(run, gate, previous)
    folder = RunFolder(run_dir)
    folder.write_run(run)
    store.record(run, run_dir)  # before the reports: the dashboard lists this run too
    reports = write_reports(run, run_dir, previous, history=history)
    folder.point_latest()
    return Published(run=run, run_dir=run_dir, reports=reports, previous=previous)


def finish_walk(session: WalkSession, output_dir: Path) -> Published:
    """A guided walk, once every step is answered, judged and published like any run (its
    walker 'guided:<auditor>'); not compared, since the walk before may be someone else's."""
    from selfshop.walk.guided import audit_name

    walked = session.finish()
    record = session.record
    run = run_header(
        run_id=record.walk_id,
        audit=audit_name(session.journey),
        standards=session.standards,
        standards_file=Path(record.standards_file) if record.standards_file else None,
        started_at=record.started_at,
        walker=walked.walker,
        base_url=record.base_url,
    )
    run = judged(run, [walked], session.standards, session.folder, finished_at=record.finished_at)
    return publish(run, session.folder, output_dir, compare=False)


def with_walks(run: Run, walks_dir: Path, standards: Standards | None) -> Run:
    """The run with every finished guided walk in walks_dir beside it, judged again (with
    `standards`, else those named by the run's audit)."""
    from selfshop.judge.attach import attach_walks
    from selfshop.walk.guided import finished_walks

    walks = [w for w in finished_walks(walks_dir) if w.run_id != run.run_id]
    if not walks or run.walker.is_guided:
        return run
    return attach_walks(run, walks, standards or load_audit_standards(run)[0])


def load_audit_standards(run: Run) -> tuple[Standards, Path]:
    """The standards the run's audit names (the default standards.yaml when the audit is gone)."""
    from selfshop.load.files import load_standards
    from selfshop.load.yamlsource import read_source
    from selfshop.models.audit import Audit

    path = Path("standards.yaml")
    if run.audit_file and Path(run.audit_file).is_file():
        audit_file = Path(run.audit_file)
        default = str(Audit.model_fields["standards"].default)
        data = read_source(audit_file).data
        named = data.get("standards", default) if isinstance(data, dict) else default
        path = (audit_file.parent / str(named)).resolve()
    return load_standards(path), path
