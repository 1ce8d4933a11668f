"""A GitHub Actions workflow that walks the audit on its schedule, keeps the history between
runs (actions/cache), and uploads the report."""

from __future__ import annotations

import json

from selfshop.schedule.plan import SchedulePlan
from selfshop.schedule.systemd import DAY_NAMES

# Until selfshop is on PyPI: a wheel in your repository or a git URL (see README, Install).
DEFAULT_PIP = "selfshop"


def github_cron(cron: str) -> str:
    """GitHub's scheduler wants numbers for days of the week: 'MON' -> '1'."""
    fields = cron.split()
    if len(fields) == 5:
        weekday = fields[4]
        for name, number in DAY_NAMES.items():
            weekday = weekday.upper().replace(name, str(number))
        fields[4] = weekday
    return " ".join(fields)


def workflow_path(plan: SchedulePlan) -> str:
    return f".github/workflows/selfshop-{plan.slug}.yml"


def workflow(plan: SchedulePlan, pip: str = DEFAULT_PIP) -> str:
    q = json.dumps  # a JSON string is a valid, safely quoted YAML scalar
    cache = f"selfshop-{plan.slug}"
    env = "".join(f"          {name}: ${{{{ secrets.{name} }}}}\n" for name in plan.variables)
    env_block = f"        env:\n{env}" if env else ""
    return f"""\
# Runs the selfshop audit {q(plan.name)} on its schedule ({plan.cron}).
# Made by `selfshop schedule {plan.audit} --as github`. Secrets: Settings > Secrets > Actions.
name: {q("selfshop: " + plan.name)}
on:
  schedule:
    - cron: {q(github_cron(plan.cron))}
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: {q(cache)}
  cancel-in-progress: false

jobs:
  audit:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"

      - name: Install selfshop and Chromium
        run: |
          pip install {q(pip)}
          python -m playwright install --with-deps chromium

      # The history (history.sqlite and the run folders) from the last run: drops, alerts
      # and "compared with last time" need it.
      - name: Restore the history
        uses: actions/cache/restore@v4
        with:
          path: {q(plan.output)}
          key: {cache}-${{{{ github.run_id }}}}
          restore-keys: |
            {cache}-

      - name: Walk the journeys
        id: audit
        run: selfshop run {q(plan.audit)}
{env_block}
      - name: Save the history
        if: ${{{{ !cancelled() }}}}
        uses: actions/cache/save@v4
        with:
          path: {q(plan.output)}
          key: {cache}-${{{{ github.run_id }}}}

      - name: Upload the report
        if: ${{{{ !cancelled() }}}}
        uses: actions/upload-artifact@v4
        with:
          name: {q("selfshop-" + plan.slug)}
          path: |
            {plan.output}/{plan.slug}/latest/
            {plan.output}/index.html
"""
