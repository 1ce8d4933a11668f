"""A run as the history remembers it, for machines that share a history but not run folders:
scores, verdicts and findings (enough for the gate, alerts and "compared with last time"),
no evidence."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.engine import Connection

from selfshop.models.results import (
    Finding,
    GateOutcome,
    JourneyResult,
    Place,
    RankedFinding,
    Run,
    Severity,
    Verdict,
)
from selfshop.store import tables as t


def rebuilt_run(db: Connection, run_id: str) -> Run | None:
    run = db.execute(select(t.runs).where(t.runs.c.run_id == run_id)).mappings().first()
    if run is None:
        return None
    journeys = db.execute(
        select(t.journeys).where(t.journeys.c.run_id == run_id).order_by(t.journeys.c.position)
    ).mappings()
    findings = db.execute(
        select(t.findings)
        .where(t.findings.c.run_id == run_id)
        .order_by(t.findings.c.priority.desc())
    ).mappings()
    return Run(
        run_id=run["run_id"],
        audit=run["audit"],
        started_at=run["started_at"],
        finished_at=run["finished_at"],
        base_url=run["base_url"],
        walker=run["walker"] or "automated",
        standards_version=run["standards_version"] or "",
        interrupted=bool(run["interrupted"]),
        gate=GateOutcome(passed=bool(run["gate_passed"])),
        journeys=[
            JourneyResult(
                journey_id=j["journey_id"],
                title=j["title"],
                device=j["device"],
                score=j["score"],
                verdict=Verdict(j["verdict"]),
                standard_scores=json.loads(j["standard_scores"] or "{}"),
            )
            for j in journeys
        ],
        fix_first=[_ranked(f) for f in findings],
    )


def _ranked(row: object) -> RankedFinding:
    data = dict(row)  # type: ignore[call-overload]
    places = [Place.parse(p) for p in json.loads(data["places"])]
    return RankedFinding(
        finding=Finding(
            check_id=data["check_id"],
            standard=data["standard"],
            severity=Severity(data["severity"]),
            message=data["message"],
            key=data["finding_key"],
        ),
        priority=data["priority"],
        journeys=list(dict.fromkeys(p.journey for p in places)),
        steps=[p for p in places if p.step_index is not None],
    )
