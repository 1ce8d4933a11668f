"""What a schedule runs: the audit, from the project folder, with the right selfshop."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from selfshop.errors import UsageError
from selfshop.load.files import LoadedAudit, find_root
from selfshop.store.runfolder import slugify

REFERENCE = re.compile(r"\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]*)\}")


class LaterEnvironment(dict[str, str]):
    """The environment as the scheduled run will have it: a variable not set here is not a
    mistake (cron, systemd or GitHub secrets set it there), so it reads as a placeholder."""

    def __contains__(self, name: object) -> bool:
        return True

    def __missing__(self, name: str) -> str:
        return PLACEHOLDER


PLACEHOLDER = "http://set-where-it-runs.invalid"


def load_for_schedule(path: Path) -> LoadedAudit:
    from selfshop.load.files import load_audit

    # Its sitemaps are read when it runs, where the site is.
    return load_audit(path, env=LaterEnvironment(os.environ), read_sitemaps=False)


@dataclass(frozen=True)
class SchedulePlan:
    name: str  # the audit's name
    slug: str
    cron: str  # the audit's schedule, e.g. "0 7 * * MON"
    project: Path  # the folder commands run in
    audit: str  # the audit file, relative to project
    output: str  # the output folder, relative to project when inside it
    selfshop: str  # the command that runs selfshop on this machine
    variables: list[str]  # ${env:}/${secret:} names the audit and its journeys read


def plan_for(loaded: LoadedAudit, cron: str | None = None) -> SchedulePlan:
    expression = cron or loaded.audit.schedule
    if not expression:
        raise UsageError(
            f"{loaded.path}: the audit has no 'schedule' (e.g. schedule: \"0 7 * * MON\"); "
            "add one or pass --cron"
        )
    project = find_root(loaded.path)
    return SchedulePlan(
        name=loaded.audit.name,
        slug=slugify(loaded.audit.name),
        cron=expression,
        project=project,
        audit=_relative(loaded.path, project),
        output=_relative(loaded.output_dir, project),
        selfshop=_selfshop_command(),
        variables=_variables(loaded),
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _selfshop_command() -> str:
    """An absolute path: schedulers run with a bare PATH."""
    found = shutil.which("selfshop")
    if found:
        return found
    return f"{sys.executable} -m selfshop"


def _variables(loaded: LoadedAudit) -> list[str]:
    journeys = [j.path for j in loaded.journeys]
    fragments = {
        f for folder in {j.parent for j in journeys} for f in folder.glob("fragments/*.y*ml")
    }
    files = [loaded.path, loaded.standards_path, *journeys, *sorted(fragments)]
    names: dict[str, None] = {}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError:
            continue
        names.update(dict.fromkeys(name for _, name in REFERENCE.findall(text)))
    return sorted(names)


def environment_names(plan: SchedulePlan) -> list[str]:
    """The variables a scheduled run needs, and whether each is set here."""
    return [f"{name}{'' if name in os.environ else ' (not set here)'}" for name in plan.variables]
