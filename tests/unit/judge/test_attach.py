"""Leaders' walks beside the automated run: ratings join the same steps, and disagreements show."""

from __future__ import annotations

from pathlib import Path

from selfshop.judge.attach import attach_walks
from selfshop.judge.scoring import judge
from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.journey import Journey
from selfshop.models.results import Run
from selfshop.models.standards import Standards
from selfshop.publish import finish_walk
from selfshop.report import write_reports
from selfshop.walk import JourneyWalk
from selfshop.walk.guided import StepAnswer, WalkSession, finished_walks

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "standards": [
            {"id": "courtesy", "title": "Courtesy"},
            {
                "id": "inclusion",
                "title": "Inclusion",
                "checks": ["document-language", "page-title"],
            },
        ],
    }
)
WEB = Journey.model_validate(
    {
        "id": "buy",
        "title": "Buy a gift",
        "start": "/",
        "steps": [{"name": "Arrive"}, {"name": "Pay"}],
    }
)
PHONE = Journey.model_validate(
    {
        "id": "call",
        "title": "Call us",
        "channel": "phone",
        "steps": [{"name": "Get through"}],
    }
)


def automated_run() -> Run:
    steps = [
        StepEvidence(
            journey_id="buy",
            step_index=i,
            step_name=step.name,
            url="http://shop/",
            title="Acme shop",
            lang="en",
            text="Welcome. Thank you.",
            gathered=[EvidenceKind.page],
        )
        for i, step in enumerate(WEB.steps)
    ]
    journeys, fix_first = judge([JourneyWalk(WEB, "desktop", steps)], STANDARDS)
    return Run(
        run_id="auto-1",
        audit="Weekly",
        started_at="2026-11-22T07:00:00+00:00",
        journeys=journeys,
        fix_first=fix_first,
    )


def walk(tmp_path: Path, journey: Journey, auditor: str, ratings: list[int]) -> Run:
    session = WalkSession.start(journey, STANDARDS, auditor=auditor, out_dir=tmp_path / "out")
    for index, rating in enumerate(ratings):
        session.record_step(
            index, StepAnswer(ratings={"courtesy": rating}, notes=f"{auditor} says {rating}")
        )
    return finish_walk(session, tmp_path / "out").run


def test_walk_ratings_join_the_automated_steps_and_disagreements_show(tmp_path: Path) -> None:
    walk(tmp_path, WEB, "Dana", [1, 5])
    walk(tmp_path, PHONE, "Dana", [4])
    run = automated_run()
    assert run.journeys[0].steps[0].standard_scores["courtesy"] == 100  # the machine is happy
    combined = attach_walks(run, finished_walks(tmp_path / "out"), STANDARDS)

    buy, call = combined.journeys
    assert (str(buy.walker), str(call.walker)) == ("automated", "guided:Dana")
    first = buy.steps[0]
    assert [g.notes for g in first.evidence.guided] == ["Dana says 1"]
    assert any(c.check_id == "guided" and c.score == 0 for c in first.checks)
    assert first.standard_scores["courtesy"] == 50  # the leader's 1 beside the checks' 100
    assert run.journeys[0].steps[0].evidence.guided == []  # the original run is untouched

    only_web = attach_walks(run, finished_walks(tmp_path / "out"), STANDARDS, journey_ids={"buy"})
    assert [j.journey_id for j in only_web.journeys] == ["buy"]  # the audit's journeys only

    run_dir = tmp_path / "combined"
    run_dir.mkdir()
    report = write_reports(combined, run_dir, None)["html"].read_text()
    assert "Dana says 1" in report and "disagreement" in report.lower()


def test_only_each_auditors_latest_walk_counts_and_attaching_twice_adds_nothing(
    tmp_path: Path,
) -> None:
    walk(tmp_path, WEB, "Dana", [2, 2])
    walk(tmp_path, WEB, "Dana", [4, 4])
    walk(tmp_path, WEB, "Lee", [3, 3])
    walks = finished_walks(tmp_path / "out")
    assert len(walks) == 3
    once = attach_walks(automated_run(), walks, STANDARDS)
    twice = attach_walks(once, walks, STANDARDS)
    for combined in (once, twice):
        notes = sorted(g.notes for g in combined.journeys[0].steps[0].evidence.guided)
        assert notes == ["Dana says 4", "Lee says 3"]
        assert len(combined.journeys) == 1


def test_a_walk_of_a_changed_journey_does_not_land_on_the_wrong_step(tmp_path: Path) -> None:
    renamed = WEB.model_copy(
        update={"steps": [WEB.steps[0], WEB.steps[1].model_copy(update={"name": "Pay as a guest"})]}
    )
    walk(tmp_path, renamed, "Dana", [1, 1])
    combined = attach_walks(automated_run(), finished_walks(tmp_path / "out"), STANDARDS)
    first, second = combined.journeys[0].steps
    assert len(first.evidence.guided) == 1 and second.evidence.guided == []
