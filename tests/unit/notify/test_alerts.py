"""Alerts: which changes raise one, what the message says, and delivery to a real local
webhook and SMTP server (never a real service), routed to owners by e-mail."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from receivers import Mailbox, Webhook, free_port

from selfshop.load.files import LoadedAudit
from selfshop.models.audit import AlertRule, Audit, Notify
from selfshop.models.journey import Journey
from selfshop.models.results import GateOutcome, JourneyResult, Run, Verdict
from selfshop.models.standards import Standards
from selfshop.notify import notify_failure, notify_run, report_link
from selfshop.notify.rules import run_alerts
from selfshop.notify.send import deliver, route

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "owner": {"name": "Dana Reyes", "contact": "dana@example.com"},
        "goal": {"target": 85, "by": "2026-01-31"},
        "standards": [{"id": "inclusion", "title": "Inclusion"}],
    }
)
TODAY = date(2026, 11, 29)


def journey(key: str, score: float, verdict: Verdict, owner: str | None = None) -> JourneyResult:
    journey_id, _, device = key.partition("@")
    definition = Journey.model_validate(
        {
            "id": journey_id,
            "title": journey_id.title(),
            "start": "/",
            "steps": [{"name": "Arrive"}],
            **(
                {"owner": {"name": owner, "contact": f"{owner.lower()}@example.com"}}
                if owner
                else {}
            ),
        }
    )
    return JourneyResult(
        journey_id=journey_id,
        title=journey_id.replace("-", " ").capitalize(),
        device=device,
        score=score,
        verdict=verdict,
        definition=definition,
    )


def run_of(*journeys: JourneyResult, gate: GateOutcome | None = None, run_id: str = "r2") -> Run:
    return Run(
        run_id=run_id,
        audit="Weekly",
        started_at="2026-11-29T07:00:00+00:00",
        journeys=list(journeys),
        gate=gate or GateOutcome(),
    )


BEFORE = run_of(
    journey("checkout@mobile", 91, Verdict.proud, "Priya"),
    journey("search@desktop", 88, Verdict.proud),
    run_id="r1",
)


def test_a_journey_that_got_worse_alerts_with_its_owner() -> None:
    now = run_of(
        journey("checkout@mobile", 52, Verdict.redesign, "Priya"),
        journey("search@desktop", 86, Verdict.proud),
    )
    alerts = run_alerts(now, BEFORE, STANDARDS, drop=5, today=TODAY)
    rules = [(a.rule, a.subject) for a in alerts]
    assert (AlertRule.verdict_worse, "checkout@mobile") in rules
    assert (AlertRule.score_drop, "checkout@mobile") in rules
    assert all(subject != "search@desktop" for _, subject in rules)  # lost 2 points: under 5
    worse = next(a for a in alerts if a.rule is AlertRule.verdict_worse)
    assert (
        worse.what == "Checkout (checkout@mobile) went from proud to redesign (score 91.0 -> 52.0)"
    )
    assert worse.owner is not None and worse.owner.name == "Priya"


def test_gate_failure_interruption_and_goal_off_track() -> None:
    now = run_of(
        journey("checkout@mobile", 70, Verdict.middle),
        gate=GateOutcome(passed=False, reasons=["checkout@mobile is middle"]),
    )
    now.interrupted = True
    alerts = run_alerts(now, None, STANDARDS, drop=5, today=TODAY)
    assert [a.rule for a in alerts] == [
        AlertRule.run_failed,
        AlertRule.gate_failed,
        AlertRule.goal_off_track,
    ]
    goal = alerts[-1]
    assert goal.what == (
        "goal now off track: overall is 70.0, below 85 due by 2026-01-31 (goal: 85 by 2026-01-31)"
    )
    assert goal.owner is not None and goal.owner.name == "Dana Reyes"


def test_a_goal_already_off_track_last_time_does_not_alert_again() -> None:
    low = run_of(journey("checkout@mobile", 70, Verdict.middle))
    assert run_alerts(low, low, STANDARDS, drop=5, today=TODAY) == []


def test_routing_sends_each_owner_what_they_own() -> None:
    now = run_of(
        journey("checkout@mobile", 52, Verdict.redesign, "Priya"),
        journey("search@desktop", 60, Verdict.middle),
    )
    alerts = run_alerts(now, BEFORE, STANDARDS, drop=5, today=TODAY)
    url = "mailtos://bot:pw@smtp.example.com?from=bot@example.com&to=cx@example.com"
    routed = route(url, alerts, owners=True)
    recipients = [parse_qs(urlsplit(u).query)["to"] for u, _ in routed]
    assert recipients == [["priya@example.com"], ["dana@example.com"], ["cx@example.com"]]
    assert {a.subject for a in routed[0][1]} == {"checkout@mobile"}
    assert route("json://127.0.0.1/x", alerts, owners=True) == [("json://127.0.0.1/x", alerts)]


def loaded_audit(tmp_path: Path, *targets: Notify) -> LoadedAudit:
    audit = Audit(
        name="Weekly",
        base_url="http://127.0.0.1:9",
        journeys=["j.yaml"],
        notify=list(targets),
        report_url="https://cx.example.com/reports",
    )
    return LoadedAudit(tmp_path / "weekly.yaml", audit, STANDARDS, tmp_path / "standards.yaml")


def test_a_webhook_gets_what_changed_who_owns_it_and_the_report(
    tmp_path: Path, webhook: Webhook
) -> None:
    loaded = loaded_audit(tmp_path, Notify(url=webhook.url, on=[AlertRule.verdict_worse]))
    now = run_of(journey("checkout@mobile", 52, Verdict.redesign, "Priya"))
    run_dir = tmp_path / "reports" / "weekly" / "2026-11-29"
    (delivery,) = notify_run(loaded, now, BEFORE, run_dir, tmp_path / "reports")
    assert (delivery.sent, delivery.target, delivery.alerts) == (True, "notify[0] (JSON)", 1)
    (message,) = webhook.received
    assert message["title"] == "selfshop: Weekly: verdict got worse"
    assert "Checkout (checkout@mobile) went from proud to redesign" in message["message"]
    assert "Owner: Priya (priya@example.com)." in message["message"]
    assert (
        "Report: https://cx.example.com/reports/weekly/2026-11-29/report.html"
        in (message["message"])
    )
    assert webhook.paths == ["/hooks/cx"]


def test_nothing_worse_sends_nothing(tmp_path: Path, webhook: Webhook) -> None:
    loaded = loaded_audit(tmp_path, Notify(url=webhook.url))
    same = run_of(*BEFORE.journeys)
    assert notify_run(loaded, same, BEFORE, tmp_path, tmp_path) == []
    assert webhook.received == []


def test_e_mail_to_the_owner_through_a_local_smtp_server(
    tmp_path: Path, smtp_server: Mailbox
) -> None:
    loaded = loaded_audit(tmp_path, Notify(url=smtp_server.url, owners=True, drop=10))
    now = run_of(
        journey("checkout@mobile", 52, Verdict.redesign, "Priya"),
        journey("search@desktop", 70, Verdict.middle),
    )
    deliveries = notify_run(loaded, now, BEFORE, tmp_path, tmp_path)
    assert [d.sent for d in deliveries] == [True, True, True]
    by_recipient = {tuple(to): text for to, text in smtp_server.mails}
    assert set(by_recipient) == {("priya@example.com",), ("dana@example.com",), ("cx@example.com",)}
    assert (
        "Checkout (checkout@mobile) went from proud to redesign"
        in by_recipient[("priya@example.com",)]
    )
    assert "search@desktop" not in by_recipient[("priya@example.com",)]
    assert (
        "Search (search@desktop) went from proud to middle (score 88.0 -> 70.0); dropped 18.0"
        in (by_recipient[("cx@example.com",)])
    )


def test_a_run_that_could_not_start_alerts(tmp_path: Path, webhook: Webhook) -> None:
    loaded = loaded_audit(tmp_path, Notify(url=webhook.url))
    (delivery,) = notify_failure(loaded, "No Chromium found")
    assert delivery.sent
    assert "the run could not start: No Chromium found" in webhook.received[0]["message"]


def test_an_unreachable_target_is_a_notice_and_its_secret_stays_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"json://user:hunter2-secret@127.0.0.1:{free_port()}/hook"
    (delivery,) = deliver(Notify(url=url), "notify[0]", "Weekly", BEFORE_ALERTS, None)
    assert (delivery.sent, delivery.error) == (False, "the service did not accept it")
    assert "hunter2" not in repr(delivery) + str(capsys.readouterr())
    (bad,) = deliver(Notify(url="nonsense://x"), "notify[1]", "Weekly", BEFORE_ALERTS, None)
    assert (bad.sent, bad.target) == (False, "notify[1]")


def test_report_link_without_a_published_folder_is_the_local_file(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "weekly" / "r1"
    assert report_link(None, run_dir, tmp_path / "reports") == (run_dir / "report.html").as_uri()


BEFORE_ALERTS = run_alerts(
    run_of(journey("checkout@mobile", 40, Verdict.redesign)), BEFORE, STANDARDS, drop=5, today=TODAY
)


def test_one_line_per_journey_however_many_rules_it_breaks() -> None:
    from selfshop.notify.message import compose

    now = run_of(
        journey("checkout@mobile", 52, Verdict.redesign, "Priya"),
        gate=GateOutcome(passed=False, reasons=[f"reason {n}" for n in range(5)]),
    )
    message = compose("Weekly", run_alerts(now, BEFORE, STANDARDS, drop=5, today=TODAY), None)
    lines = message.body.splitlines()
    assert lines[1] == (
        "- Checkout (checkout@mobile) went from proud to redesign (score 91.0 -> 52.0); "
        "dropped 39.0 points (91.0 -> 52.0). Owner: Priya (priya@example.com)."
    )
    assert lines[2] == (
        "- the gate failed: reason 0; reason 1; reason 2; and 2 more (see the report)."
    )
