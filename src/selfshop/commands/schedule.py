"""`selfshop schedule AUDIT`: print or install what runs the audit on its schedule."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from selfshop.schedule.plan import SchedulePlan


def schedule(
    audit: Path = typer.Argument(..., help="The audit file (its 'schedule' says when)."),
    kind: str = typer.Option(
        "cron",
        "--as",
        help="What to make: cron (a crontab line), systemd (a user timer), "
        "github (a GitHub Actions workflow).",
    ),
    install: bool = typer.Option(
        False,
        "--install",
        help="Install it: into your crontab, ~/.config/systemd/user, or "
        ".github/workflows/ of the project. Without it, it is printed.",
    ),
    cron: str | None = typer.Option(None, "--cron", help="Use this cron expression instead."),
    pip: str = typer.Option(
        "selfshop",
        "--pip",
        help="github: what the workflow installs with pip, e.g. a wheel in your repository "
        "(./vendor/selfshop-0.1.0-py3-none-any.whl, from make dist) or a git URL.",
    ),
) -> None:
    """Run an audit on its schedule without anyone remembering to: cron, systemd or GitHub.

    Example: selfshop schedule audits/weekly.yaml --as github --install
    Print a crontab line: selfshop schedule audits/weekly.yaml
    """
    from rich.console import Console

    from selfshop.errors import UsageError
    from selfshop.schedule import KINDS, plan_for
    from selfshop.schedule.plan import load_for_schedule

    if kind not in KINDS:
        raise UsageError(f"--as {kind}: choose from {', '.join(KINDS)}")
    plan = plan_for(load_for_schedule(audit), cron)
    console = Console(highlight=False, soft_wrap=True)
    if kind == "cron":
        _cron(console, plan, install)
    elif kind == "systemd":
        _systemd(console, plan, install)
    else:
        _github(console, plan, install, pip)
    if plan.variables:
        Console(stderr=True, highlight=False).print(
            f"The audit reads {', '.join(plan.variables)}: set them where it runs.", markup=False
        )


def _cron(console: Console, plan: SchedulePlan, install: bool) -> None:
    from selfshop.schedule.cron import cron_line, install_cron

    if install:
        console.print(f"Added to your crontab:\n{install_cron(plan)}", markup=False)
    else:
        console.print(cron_line(plan), markup=False)


def _systemd(console: Console, plan: SchedulePlan, install: bool) -> None:
    from selfshop.schedule.systemd import install_units, unit_names, units

    if install:
        for path in install_units(plan):
            console.print(f"wrote {path}", markup=False)
        timer = unit_names(plan)[1]
        console.print(
            f"Start it: systemctl --user daemon-reload && systemctl --user enable --now {timer}",
            markup=False,
        )
        return
    for name, text in units(plan).items():
        console.print(f"# {name}\n{text}", markup=False)


def _github(console: Console, plan: SchedulePlan, install: bool, pip: str) -> None:
    from selfshop.schedule.github import workflow, workflow_path
    from selfshop.store.atomic import write_text

    text = workflow(plan, pip)
    if not install:
        console.print(text, markup=False, end="")
        return
    path = write_text(plan.project / workflow_path(plan), text)
    console.print(f"wrote {path}: commit it, and add the secrets it names", markup=False)
