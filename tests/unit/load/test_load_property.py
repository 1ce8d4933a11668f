"""Mutate valid files at random: the loader returns a model or our located error, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load_helpers import STANDARDS

from selfshop.errors import InputError
from selfshop.load.files import load_audit, load_journey, load_standards
from selfshop.project.lint import lint_file

JOURNEY = """\
id: buy-gift
title: Buy a gift
persona: First-time visitor
channel: web
start: /
device: mobile
budget: { seconds: 30, actions: 12 }
vars: { who: Sam }
steps:
  - use: fragments/login.yaml
    with: { email: "${vars.who}@example.com" }
  - name: Find a gift
    intent: I want a present
    do:
      - click: { role: link, name: Gifts }
      - fill: { label: Card, value: "${secret:CARD}" }
      - select: { label: Size, option: M }
      - wait_for: { seconds: 1 }
      - expect: { count: { text: Gift, at_least: 1 } }
    ask: Was it easy?
    checks:
      required-phrases: { phrases: ["thank you"] }
"""

FRAGMENT = """\
params: { email: null }
steps:
  - name: Log in
    do:
      - fill: { label: Email, value: "${vars.email}" }
"""

AUDIT = """\
name: Weekly
base_url: ${env:SITE_URL}
journeys: [../journeys/good.yaml]
devices: [desktop, mobile]
standards: ../standards.yaml
schedule: "0 7 * * MON"
gate: { fail_on: redesign, max_drop: 10 }
timeouts: { action_ms: 5000 }
"""

ENV = {"CARD": "4242", "SITE_URL": "http://127.0.0.1:9"}

# Pieces that break YAML or the models in interesting ways.
SNIPPETS = [":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/name:os.system ", "<<: ",
            "${", "${env:NOPE}", "${secret:CARD}", "${vars.x}", "$${", "'", '"', "\t", "#",
            "é", "\\", "|", ">", "? ", "---\n", "...", "%YAML 1.1\n", "\x00", "\ufeff"]  # fmt: skip
SCALARS = ["5", "-1", "1e999", "[]", "{}", "null", "true", "''", "[a, b]", "{a: 1}",
           "*a", "!!binary aGk=", "2024-01-01", "9" * 5000, ".nan", "~"]  # fmt: skip
KEYS = ["id", "title", "steps", "do", "name", "click", "fill", "value", "use", "with",
        "params", "standards", "weight", "charter", "locked", "base_url", "journeys", "gate",
        "schedule", "expect", "role", "budget", "seconds", "verdict", "proud"]  # fmt: skip


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        text = data.draw(st.sampled_from(MUTATIONS))(text, data)
    return text


def _position(text: str, data: st.DataObject) -> int:
    return data.draw(st.integers(0, max(len(text) - 1, 0)))


def delete_chars(text: str, data: st.DataObject) -> str:
    start = _position(text, data)
    return text[:start] + text[start + data.draw(st.integers(1, 5)) :]


def insert_snippet(text: str, data: st.DataObject) -> str:
    at = _position(text, data)
    return text[:at] + data.draw(st.sampled_from(SNIPPETS)) + text[at:]


def replace_char(text: str, data: st.DataObject) -> str:
    at = _position(text, data)
    return text[:at] + data.draw(st.characters(codec="utf-8")) + text[at + 1 :]


def shuffle_lines(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True)
    i, j = _position(lines, data), _position(lines, data)  # type: ignore[arg-type]
    action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent"]))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(j, lines[i])
    elif action == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif action == "indent":
        lines[i] = "  " + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return "".join(lines)


def swap_key(text: str, data: st.DataObject) -> str:
    present = [k for k in KEYS if f"{k}:" in text]
    if not present:
        return text
    old, new = data.draw(st.sampled_from(present)), data.draw(st.sampled_from(KEYS))
    return text.replace(f"{old}:", f"{new}:", 1)


def change_scalar(text: str, data: st.DataObject) -> str:
    present = [k for k in KEYS if f"{k}: " in text]
    if not present:
        return text
    key = data.draw(st.sampled_from(present))
    start = text.index(f"{key}: ") + len(key) + 2
    end = (
        min(i for i in (text.find(c, start) for c in ",}\n") if i != -1)
        if start < len(text)
        else start
    )
    return text[:start] + data.draw(st.sampled_from(SCALARS)) + text[end:]


MUTATIONS: list[Callable[[str, st.DataObject], str]] = [
    delete_chars, insert_snippet, replace_char, shuffle_lines, swap_key, change_scalar,
]  # fmt: skip


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mutants")
    (root / "standards.yaml").write_text(STANDARDS)
    (root / "journeys" / "fragments").mkdir(parents=True)
    (root / "journeys" / "good.yaml").write_text(JOURNEY)
    (root / "journeys" / "fragments" / "login.yaml").write_text(FRAGMENT)
    uses_mutant = JOURNEY.replace("fragments/login.yaml", "fragments/used-mutant.yaml")
    (root / "journeys" / "uses-mutant.yaml").write_text(uses_mutant)
    (root / "audits").mkdir()
    return root


LOADERS: dict[str, tuple[str, str, Callable[[Path], Any]]] = {
    "journey": (JOURNEY, "journeys/mutant.yaml", lambda p: load_journey(p, env=ENV)),
    "fragment": (FRAGMENT, "journeys/fragments/mutant.yaml", lambda p: load_journey(p, env=ENV)),
    "used fragment": (
        FRAGMENT,
        "journeys/fragments/used-mutant.yaml",
        lambda p: load_journey(p.parents[1] / "uses-mutant.yaml", env=ENV),
    ),
    "standards": (STANDARDS, "mutant-standards.yaml", load_standards),
    "audit": (AUDIT, "audits/mutant.yaml", lambda p: load_audit(p, env=ENV)),
}


def test_the_unmutated_files_load(shop: Path) -> None:
    for kind, (text, relative, load) in LOADERS.items():
        if kind == "fragment":
            continue  # a fragment is not a journey by itself
        path = shop / relative
        path.write_text(text)
        assert load(path) is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(LOADERS)), data=st.data(), as_bytes=st.booleans())
def test_mutants_load_or_fail_located(
    shop: Path, kind: str, data: st.DataObject, as_bytes: bool
) -> None:
    text, relative, load = LOADERS[kind]
    mutant = mutate(text, data)
    path = shop / relative
    raw = mutant.encode("utf-8", errors="surrogatepass")
    if as_bytes:  # a stray byte that is not UTF-8
        at = data.draw(st.integers(0, len(raw)))
        raw = raw[:at] + data.draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\x80"])) + raw[at:]
    path.write_bytes(raw)
    try:
        load(path)
    except InputError as error:
        assert error.problems, "an InputError must say what is wrong"
        for problem in error.problems:
            assert problem.path and problem.line >= 1 and problem.column >= 1, problem
            assert problem.message
    report = lint_file(path, ENV)  # lint never raises: every outcome is a report
    for problem in report.problems:
        assert problem.path and problem.line >= 1 and problem.column >= 1, problem
