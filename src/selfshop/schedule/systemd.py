"""A systemd user timer (and the service it starts) that runs the audit on its schedule.

systemd speaks OnCalendar, not cron: the five cron fields are translated, and forms with no
faithful translation are refused with a clear message rather than guessed.
"""

from __future__ import annotations

import os
from pathlib import Path

from selfshop.errors import UsageError
from selfshop.schedule.plan import SchedulePlan
from selfshop.store.atomic import write_text

DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DAY_NAMES = {name.upper(): index for index, name in enumerate(DAYS[:7])}
FIRST = {"minute": 0, "hour": 0, "day": 1, "month": 1}


def on_calendar(cron: str) -> str:
    """'0 7 * * MON' -> 'Mon *-*-* 07:00:00'."""
    fields = cron.split()
    if len(fields) != 5:
        raise UsageError(f"cron {cron!r}: only five-field expressions can become a systemd timer")
    minute, hour, day, month, weekday = fields
    if day != "*" and weekday != "*":
        raise UsageError(
            f"cron {cron!r} names both days of the month and days of the week (cron runs on "
            "either, systemd only on both): write the timer's OnCalendar by hand"
        )
    date = f"*-{_field(month, 'month')}-{_field(day, 'day')}"
    time = f"{_field(hour, 'hour', pad=True)}:{_field(minute, 'minute', pad=True)}:00"
    days = "" if weekday == "*" else _weekdays(weekday, cron) + " "
    return f"{days}{date} {time}"


def _field(text: str, kind: str, *, pad: bool = False) -> str:
    parts = []
    for part in text.split(","):
        base, _, step = part.partition("/")
        if base == "*":
            base = "*" if not step else str(FIRST[kind])
        elif "-" in base:
            low, high = base.split("-", 1)
            if step:
                raise UsageError(f"cron field {text!r}: a stepped range has no systemd form")
            base = f"{_number(low, pad)}..{_number(high, pad)}"
        else:
            base = _number(base, pad)
        parts.append(f"{base}/{step}" if step else base)
    return ",".join(parts)


def _number(text: str, pad: bool) -> str:
    if not text.isdigit():
        raise UsageError(f"cron value {text!r} has no systemd form")
    return f"{int(text):02d}" if pad else str(int(text))


def _weekdays(text: str, cron: str) -> str:
    def day(value: str) -> str:
        key = value.upper()[:3]
        if key in DAY_NAMES:
            return DAYS[DAY_NAMES[key]]
        if value.isdigit() and int(value) <= 7:
            return DAYS[int(value)]
        raise UsageError(f"cron {cron!r}: {value!r} is not a day of the week")

    names = []
    for part in text.split(","):
        if "/" in part:
            raise UsageError(f"cron {cron!r}: stepped days of the week have no systemd form")
        low, _, high = part.partition("-")
        names.append(f"{day(low)}..{day(high)}" if high else day(low))
    return ",".join(names)


def unit_names(plan: SchedulePlan) -> tuple[str, str]:
    return f"selfshop-{plan.slug}.service", f"selfshop-{plan.slug}.timer"


def units(plan: SchedulePlan) -> dict[str, str]:
    """{file name: text} for the service and its timer."""
    service, timer = unit_names(plan)
    env = "".join(
        f"# Environment={name}=...   (or EnvironmentFile=, for secrets)\n"
        for name in plan.variables
    )
    return {
        service: (
            "[Unit]\n"
            f"Description=selfshop audit: {plan.name}\n\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"WorkingDirectory={plan.project}\n"
            f"{env}"
            f"ExecStart={plan.selfshop} run {plan.audit}\n"
        ),
        timer: (
            "[Unit]\n"
            f"Description=Run the selfshop audit '{plan.name}' on its schedule ({plan.cron})\n\n"
            "[Timer]\n"
            f"OnCalendar={on_calendar(plan.cron)}\n"
            "Persistent=true\n\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
        ),
    }


def user_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def install_units(plan: SchedulePlan) -> list[Path]:
    """Write the units into the user's systemd folder (enable them with systemctl --user)."""
    folder = user_unit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return [write_text(folder / name, text) for name, text in units(plan).items()]
