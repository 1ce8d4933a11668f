"""`selfshop schedule`: a crontab line, a systemd user timer and a GitHub Actions workflow,
each generated from an audit and checked by the tool that will read it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from croniter import croniter
from typer.testing import CliRunner

from selfshop.cli import app
from selfshop.errors import UsageError
from selfshop.schedule.github import workflow
from selfshop.schedule.plan import load_for_schedule, plan_for
from selfshop.schedule.systemd import on_calendar

runner = CliRunner()

AUDIT = """\
name: Weekly storefront audit
base_url: ${env:SITE_URL}
journeys: [../journeys/*.yaml]
standards: ../standards.yaml
schedule: "0 7 * * MON"
output: ../reports
notify: [{ url: "json://127.0.0.1:9/hooks/${secret:HOOK_TOKEN}" }]
"""

JOURNEY = """\
id: arrive
title: Arrive
start: /
steps: [{ name: Arrive, do: [{ expect: { text: Welcome } }] }]
"""


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    (tmp_path / "standards.yaml").write_text(
        "organisation: Acme\nstandards: [{ id: show, title: Show, checks: [page-title] }]\n"
    )
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "arrive.yaml").write_text(JOURNEY)
    (tmp_path / "audits").mkdir()
    path = tmp_path / "audits" / "weekly.yaml"
    path.write_text(AUDIT)
    return path


def test_cron_line_runs_the_audit_on_its_schedule(audit: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["schedule", str(audit)])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    expression, command = " ".join(line.split()[:5]), " ".join(line.split()[5:])
    assert croniter.is_valid(expression)
    next_run = croniter(expression, datetime(2026, 11, 29, 12, tzinfo=UTC)).get_next(datetime)
    assert next_run == datetime(2026, 11, 30, 7, tzinfo=UTC)  # the Monday after
    assert command.startswith(f"cd {tmp_path} && ")
    assert " run audits/weekly.yaml >> reports/weekly-storefront-audit-cron.log 2>&1" in command


def fake_crontab(folder: Path) -> Path:
    """A `crontab` that keeps the table in a file (the real one is not ours to change)."""
    table = folder / "crontab.txt"
    script = folder / "bin" / "crontab"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        f"table = pathlib.Path({str(table)!r})\n"
        "if sys.argv[1] == '-l':\n"
        "    sys.exit(print(table.read_text(), end='') if table.exists() else 1)\n"
        "table.write_text(sys.stdin.read())\n"
    )
    script.chmod(0o755)
    return table


def test_installing_the_cron_line_twice_keeps_one(
    audit: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = fake_crontab(tmp_path)
    table.write_text("MAILTO=cx@example.com\n30 2 * * * backup\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    for _ in range(2):
        result = runner.invoke(app, ["schedule", str(audit), "--install"])
        assert result.exit_code == 0, result.output
    rows = table.read_text().splitlines()
    assert rows[:2] == ["MAILTO=cx@example.com", "30 2 * * * backup"]
    assert len(rows) == 3 and rows[2].startswith("0 7 * * MON cd ")


@pytest.mark.parametrize(
    "cron",
    ["0 7 * * MON", "30 6 * * 1-5", "0 */6 * * *", "15 8 1,15 * *", "0 9 * 3 SUN", "5 4 * * 0"],
)
def test_systemd_calendar_elapses_when_cron_would(cron: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed: the translation cannot be checked here")
    shown = subprocess.run(
        [analyze, "calendar", "--iterations=5", on_calendar(cron)],
        capture_output=True, text=True, check=True, env={**os.environ, "TZ": "UTC"},
    ).stdout  # fmt: skip
    elapses = [
        datetime.strptime(m, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        for m in re.findall(r"(?:Next elapse|Iter\. #\d+): \w+ (\S+ \S+) UTC", shown)
    ]
    start = elapses[0].replace(second=0) if elapses else datetime.now(UTC)
    iterator = croniter(cron, start.timestamp() - 1)
    expected = [datetime.fromtimestamp(iterator.get_next(float), UTC) for _ in range(5)]
    assert elapses == expected


def test_cron_forms_systemd_cannot_say_are_refused() -> None:
    with pytest.raises(UsageError, match="both days of the month and days of the week"):
        on_calendar("0 7 1 * MON")
    with pytest.raises(UsageError, match="stepped range"):
        on_calendar("0 9-17/2 * * *")


def test_systemd_units_install_into_the_users_folder(
    audit: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = runner.invoke(app, ["schedule", str(audit), "--as", "systemd", "--install"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "config" / "systemd" / "user"
    timer = (folder / "selfshop-weekly-storefront-audit.timer").read_text()
    service = (folder / "selfshop-weekly-storefront-audit.service").read_text()
    assert "OnCalendar=Mon *-*-* 07:00:00\n" in timer and "Persistent=true" in timer
    assert f"WorkingDirectory={tmp_path}\n" in service
    assert service.rstrip().endswith("run audits/weekly.yaml")
    assert "# Environment=SITE_URL=..." in service


def test_github_workflow_passes_the_workflow_schema_and_keeps_the_history(
    audit: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["schedule", str(audit), "--as", "github", "--install", "--pip", "wheels/selfshop.whl"]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / ".github" / "workflows" / "selfshop-weekly-storefront-audit.yml"
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    flow = yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # 'on' stays a string
    assert flow["on"]["schedule"] == [{"cron": "0 7 * * 1"}]
    steps = flow["jobs"]["audit"]["steps"]
    uses = {s.get("uses", "").split("@")[0]: s for s in steps}
    restore, save = uses["actions/cache/restore"], uses["actions/cache/save"]
    assert restore["with"]["path"] == save["with"]["path"] == "reports"
    assert save["if"] == "${{ !cancelled() }}"
    upload = uses["actions/upload-artifact"]["with"]["path"]
    assert "reports/weekly-storefront-audit/latest/" in upload
    walk = next(s for s in steps if s.get("name") == "Walk the journeys")
    assert walk["run"] == 'selfshop run "audits/weekly.yaml"'
    assert walk["env"] == {
        "HOOK_TOKEN": "${{ secrets.HOOK_TOKEN }}",
        "SITE_URL": "${{ secrets.SITE_URL }}",
    }
    install = next(s for s in steps if s.get("name") == "Install selfshop and Chromium")
    assert 'pip install "wheels/selfshop.whl"' in install["run"]


def test_an_audit_without_a_schedule_says_so(audit: Path) -> None:
    audit.write_text(AUDIT.replace('schedule: "0 7 * * MON"\n', ""))
    with pytest.raises(UsageError, match="the audit has no 'schedule'"):
        plan_for(load_for_schedule(audit))


def test_the_weekly_recipe_in_docs_ci_is_what_schedule_makes(tmp_path: Path) -> None:
    """docs/ci.md shows an audit and the workflow `selfshop schedule` makes from it."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "ci.md").read_text(encoding="utf-8")
    section = doc[doc.index("### The weekly recipe for GitHub Actions") :]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    audit_text, shown = blocks[0].removeprefix("# audits/weekly.yaml\n"), blocks[1]
    (tmp_path / "standards.yaml").write_text("organisation: A\nstandards: [{id: s, title: S}]\n")
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.yaml").write_text(JOURNEY)
    (tmp_path / "audits").mkdir()
    (tmp_path / "audits" / "weekly.yaml").write_text(audit_text)
    plan = plan_for(load_for_schedule(tmp_path / "audits" / "weekly.yaml"))
    assert shown == workflow(plan, "./vendor/selfshop-0.1.0-py3-none-any.whl")
