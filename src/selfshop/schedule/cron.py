"""A crontab line that runs the audit, and installing it into the user's crontab."""

from __future__ import annotations

import shlex
import subprocess

from selfshop.errors import EnvironmentProblem
from selfshop.schedule.plan import SchedulePlan

MARK = "# selfshop:"


def cron_line(plan: SchedulePlan) -> str:
    """One line: the audit's cron expression, then the command (logged beside the reports).
    Variables the audit reads must be set in the crontab (NAME=value lines above it)."""
    project = shlex.quote(str(plan.project))
    log = shlex.quote(f"{plan.output}/{plan.slug}-cron.log")
    command = f"cd {project} && {plan.selfshop} run {shlex.quote(plan.audit)} >> {log} 2>&1"
    return f"{plan.cron} {command} {MARK} {plan.slug}"


def install_cron(plan: SchedulePlan) -> str:
    """Add (or replace) this audit's line in the user's crontab; returns the line."""
    line = cron_line(plan)
    try:
        listed = subprocess.run(
            ["crontab", "-l"], capture_output=True, text=True, timeout=10, check=False
        )
        # "no crontab for user" exits 1: an empty crontab, not an error.
        current = listed.stdout if listed.returncode == 0 else ""
        kept = [row for row in current.splitlines() if not row.endswith(f"{MARK} {plan.slug}")]
        table = "\n".join([*kept, line]) + "\n"
        done = subprocess.run(
            ["crontab", "-"], input=table, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentProblem(f"crontab is not available here ({error})") from None
    if done.returncode != 0:
        raise EnvironmentProblem(f"crontab refused the line: {done.stderr.strip()}")
    return line
