"""Helpers for the loader tests: a project folder to write small YAML files into."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from selfshop.errors import InputError, Problem

STANDARDS = """\
organisation: Acme
verdict: { proud: 85, redesign: 60 }
charter: { locked: [safety], min_weight: 1 }
standards:
  - id: safety
    title: Safety
    weight: 5
    checks: [https]
  - id: show
    title: Show
"""

# A valid web journey; tests change one thing in it and check the one error that follows.
JOURNEY = """\
id: buy-gift
title: Buy a gift
start: /
budget: { seconds: 30, actions: 12 }
steps:
  - name: Find a gift
    do:
      - click: { role: link, name: Gifts }
      - expect: { url: /gifts }
"""


class Project:
    """A temporary project folder (the current directory, so messages show short paths)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root = tmp_path / "shop"
    root.mkdir()
    (root / "standards.yaml").write_text(STANDARDS, encoding="utf-8")  # also the root marker
    monkeypatch.chdir(root)
    return Project(root)


def problems_of(load: Callable[[], Any]) -> list[Problem]:
    """Every problem the loader raised; fails the test if it loaded without complaint."""
    with pytest.raises(InputError) as caught:
        load()
    return caught.value.problems


def one_problem(load: Callable[[], Any]) -> Problem:
    problems = problems_of(load)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]
