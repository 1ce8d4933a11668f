"""Alerts after a run: to the audit's `notify` targets, naming the journey and its owner.

Sending never fails a run: a target that cannot be reached is reported as a notice.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from selfshop.load.files import LoadedAudit
from selfshop.models.results import Run
from selfshop.notify.rules import Alert, failed_to_start, run_alerts
from selfshop.notify.send import Delivery, deliver

__all__ = ["Delivery", "notify_failure", "notify_run", "report_link"]


def report_link(report_url: str | None, run_dir: Path, output_dir: Path) -> str:
    """Where the run's report.html is: under report_url when the folder is published, else
    the file on this machine."""
    report = (run_dir / "report.html").resolve()
    if report_url:
        relative = Path(os.path.relpath(report, output_dir.resolve())).as_posix()
        return f"{report_url.rstrip('/')}/{quote(relative)}"
    return report.as_uri()


def notify_run(
    loaded: LoadedAudit, run: Run, previous: Run | None, run_dir: Path, output_dir: Path
) -> list[Delivery]:
    """Send the run's alerts to every notify target of its audit."""
    today = datetime.now(UTC).date()
    link = report_link(loaded.audit.report_url, run_dir, output_dir)
    deliveries: list[Delivery] = []
    for index, target in enumerate(loaded.audit.notify):
        alerts = run_alerts(run, previous, loaded.standards, drop=target.drop, today=today)
        deliveries += deliver(target, f"notify[{index}]", run.audit, alerts, link)
    return deliveries


def notify_failure(loaded: LoadedAudit, problem: str) -> list[Delivery]:
    """Tell the notify targets that the audit could not run at all."""
    alerts: list[Alert] = [failed_to_start(problem)]
    return [
        delivery
        for index, target in enumerate(loaded.audit.notify)
        for delivery in deliver(target, f"notify[{index}]", loaded.audit.name, alerts, None)
    ]
