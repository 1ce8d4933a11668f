"""What a step expects the leader to do and to see, in plain words from the journey's `do:`.

A guided walk shows it beside the questions, so a leader knows what the step means without
reading YAML. Typed values are never shown: a person types their own (and secrets stay hidden).
"""

from __future__ import annotations

from dataclasses import dataclass

from selfshop.models.journey import Action, ExpectSpec, Step, _TargetFields


@dataclass(frozen=True)
class Expected:
    """One line: something to do ("do") or something the leader should then see ("see")."""

    kind: str
    text: str


def expected_of(step: Step) -> list[Expected]:
    """The step's actions as a leader reads them; waits are left out (no customer waits on
    purpose)."""
    lines: list[Expected] = []
    for action in step.do:
        if action.expect is not None:
            seen = _seen(action.expect)
            if seen:
                lines.append(Expected("see", seen))
            continue
        done = _done(action)
        if done:
            lines.append(Expected("do", done))
    return lines


def _done(action: Action) -> str | None:
    spec = action.spec
    kind = action.kind
    if kind == "goto":
        return f"Go to {spec}"
    if kind == "wait_for":
        return None
    if kind == "press":
        return f"Press {spec.key}"
    if kind == "select":
        return f"Choose “{spec.option}” in {_named(spec)}"
    if kind == "scroll" and spec.to:
        return f"Scroll to the {spec.to}"
    verbs = {
        "click": "Click",
        "fill": "Fill in",
        "check": "Tick",
        "uncheck": "Untick",
        "hover": "Point at",
        "upload": "Upload a file to",
        "scroll": "Scroll to",
    }
    target = action.target
    return f"{verbs.get(kind, kind)} {_named(target)}" if target is not None else None


def _seen(expect: ExpectSpec) -> str | None:
    if expect.url:
        return f"You are at {expect.url}"
    if expect.text:
        return f"The page says “{expect.text}”"
    if expect.title:
        return f"The page title mentions “{expect.title}”"
    if expect.visible:
        return f"You see {_named(expect.visible)}"
    if expect.hidden:
        return f"{_named(expect.hidden).capitalize()} is gone"
    return None  # a count is a check for machines, not something a person looks for


def _named(target: _TargetFields) -> str:
    """How a person would name the element: its role and name, label or text."""
    if target.role and target.name:
        return f"the {target.role} “{target.name}”"
    for kind in ("label", "text", "placeholder", "alt", "title"):
        value = getattr(target, kind)
        if value:
            return f"“{value}”"
    return target.describe()
