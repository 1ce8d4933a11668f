"""Schedules that run an audit by themselves: a crontab line, a systemd user timer, or a
GitHub Actions workflow, each made from the audit's `schedule`."""

from __future__ import annotations

from selfshop.schedule.plan import SchedulePlan, plan_for

KINDS = ("cron", "systemd", "github")

__all__ = ["KINDS", "SchedulePlan", "plan_for"]
