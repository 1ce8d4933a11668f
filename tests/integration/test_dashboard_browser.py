"""The dashboard (reports/index.html) in a real Chromium, opened from file:// at a desktop and
a phone width: nothing blocked by its CSP, nothing fetched, no sideways scroll, charts with
names and the goal line, and no serious accessibility violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sample_runs import sample_run

from selfshop.models.results import GoalLine
from selfshop.report import write_reports
from selfshop.store.history import open_history

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = tmp_path_factory.mktemp("dash") / "reports"
    previous = None
    for week in range(5):
        stamp = f"2026-11-{week + 1:02d}T07-00-00Z"
        run_dir = reports / "weekly-storefront-audit" / stamp
        run = sample_run(
            run_dir, journeys=3, steps=2, seed=week, score_shift=-25 if week == 4 else 0,
            run_id=stamp, started_at=f"2026-11-{week + 1:02d}T07:00:00+00:00",
        )  # fmt: skip
        run.goals = [GoalLine(id="inclusion", target=90, by="2027-06-30")]
        (run_dir / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
        open_history(reports).record(run, run_dir)
        write_reports(run, run_dir, previous)
        previous = run
    return reports / "index.html"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_reads_well_at_desktop_and_phone_widths(
    dashboard: Path, sync_browser: Any, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = sync_browser.new_page(viewport={"width": width, "height": 900})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(dashboard.as_uri())
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert console == []  # a CSP violation would be reported here
    assert all(u.startswith(("file://", "data:")) for u in requests)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    chart = page.get_by_role("img", name="Inclusion over time")
    assert chart.is_visible()
    assert chart.locator("css=text").filter(has_text="goal 90 by 2027-06-30").count() == 1
    assert page.get_by_text("Goal: 90 by 2027-06-30", exact=True).is_visible()
    table = page.get_by_role("region", name="Overall score: scores per run")
    assert table.locator("tbody tr").count() == 6  # 3 journeys x 2 devices
    assert page.locator("ul.changes li").filter(has_text="→").count() >= 1
    violations = Axe().run(page).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.close()
