"""reports/index.html as the dashboard: scores over time with the goal line, the verdict grid,
and what changed since the last run — from the history, with data tables behind the charts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sample_runs import sample_run

from selfshop.models.results import GoalLine, Run
from selfshop.report import write_reports
from selfshop.report.dashboard import audit_boards
from selfshop.report.index import collect_runs
from selfshop.store.history import DB_NAME, open_history

GOALS = [
    GoalLine(id="overall", target=85, by="2027-12-31", milestones=[(75, "2026-06-30")]),
    GoalLine(id="inclusion", target=90, by="2027-06-30"),
]


def weekly_runs(reports: Path, count: int, drop_last: float = 0) -> list[tuple[Run, Path]]:
    made = []
    for week in range(count):
        stamp = f"2026-11-{week + 1:02d}T07-00-00Z"
        run_dir = reports / "weekly-storefront-audit" / stamp
        shift = -drop_last if week == count - 1 else 0
        run = sample_run(
            run_dir, journeys=2, steps=2, devices=("desktop",), seed=week, score_shift=shift,
            run_id=stamp, started_at=f"2026-11-{week + 1:02d}T07:00:00+00:00",
        )  # fmt: skip
        run.goals = GOALS
        (run_dir / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
        open_history(reports).record(run, run_dir)
        made.append((run, run_dir))
    return made


def test_the_dashboard_draws_each_standard_with_its_goal(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    runs = weekly_runs(reports, 4, drop_last=30)
    (board,) = audit_boards(collect_runs(reports), today=date(2026, 11, 29))
    assert [c.title for c in board.charts] == [
        "Overall score", "Safety", "Courtesy", "Inclusion", "Show", "Efficiency",
    ]  # fmt: skip
    overall, inclusion = board.charts[0], board.charts[3]
    assert overall.goal == "Goal: 85 by 2027-12-31; due now: 75 (since 2026-06-30)"
    assert "goal 85 by 2027-12-31</text>" in overall.svg
    assert "due now 75</text>" in overall.svg
    assert inclusion.goal == "Goal: 90 by 2027-06-30" and board.charts[1].goal is None
    first = runs[0][0].journeys[0]
    label, values = overall.rows[0]
    assert label == f"{first.title} ({first.key})"
    assert values == [f"{r.journeys[0].score:.0f}" for r, _ in runs]
    assert len(board.grid) == 2 and len(board.grid[0].cells) == 4
    assert any("proud → " in change and "(-" in change for change in board.changes)


def test_the_page_is_escaped_and_links_every_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    runs = weekly_runs(reports, 3)
    for earlier, folder in runs[:-1]:
        write_reports(earlier, folder, index=False)
    run, run_dir = runs[-1]
    run.journeys[0].title = "<script>alert(1)</script>"
    open_history(reports).record(run, run_dir)
    written = write_reports(run, run_dir, runs[-2][0])
    html = written["index"].read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('<svg class="chart"') == 6
    assert html.count('<table class="data">') == 6
    hrefs = set(re.findall(r'href="([^"]+/report\.html)"', html))
    assert hrefs == {f"weekly-storefront-audit/{r.run_id}/report.html" for r, _ in runs}
    assert (reports / DB_NAME).is_file()


def test_one_run_has_nothing_to_compare_yet(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    weekly_runs(reports, 1)
    (board,) = audit_boards(collect_runs(reports))
    assert board.compared is None and board.changes == []
