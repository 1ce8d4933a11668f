"""Expand `- use: fragments/x.yaml` step items into the fragment's steps, with parameters.

Positions follow the steps: an error inside a fragment's step is reported in the fragment file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from selfshop.errors import InputError, Problem
from selfshop.load.interpolate import SecretPolicy, interpolate
from selfshop.load.userpath import PathRefused, resolve
from selfshop.load.validation import validate
from selfshop.load.yamlsource import Path_, Source, dotted, read_bounded, source_from_bytes
from selfshop.models.journey import Fragment, UseStep

MAX_JOURNEY_STEPS = 1_000  # a long journey has tens; fragments must not fan out to thousands


@dataclass
class Expansion:
    """Steps after expansion, each with the source and path its positions come from."""

    steps: list[Any]
    origins: list[tuple[Source, Path_]]
    problems: list[Problem]
    overflowed: bool = False  # stopped at MAX_JOURNEY_STEPS (said once, where it happened)


def is_use(item: Any) -> bool:
    return isinstance(item, dict) and "use" in item


def expand_steps(
    source: Source,
    steps: list[Any],
    *,
    file: Path,
    root: Path,
    env: Mapping[str, str],
    variables: Mapping[str, str],
    secret_allowed: SecretPolicy,
    stack: tuple[Path, ...] = (),
) -> Expansion:
    """Interpolate plain steps and replace use-items by their fragment's (expanded) steps."""
    result = Expansion([], [], [])
    for index, item in enumerate(steps):
        here: Path_ = ("steps", index)
        if is_use(item):
            inner = _expand_use(
                source,
                item,
                here,
                file=file,
                root=root,
                env=env,
                variables=variables,
                secret_allowed=secret_allowed,
                stack=stack,
            )
        else:
            filled, problems = interpolate(
                source, item, env=env, variables=variables, secret_allowed=secret_allowed, at=here
            )
            inner = Expansion([filled], [(source, here)], problems)
        result.steps += inner.steps
        result.origins += inner.origins
        result.problems += inner.problems
        result.overflowed = inner.overflowed
        if not result.overflowed and len(result.steps) > MAX_JOURNEY_STEPS:
            message = f"the journey has over {MAX_JOURNEY_STEPS:,} steps here, the limit for one"
            if is_use(item):
                message += " (counting the steps its fragments expand to)"
            result.problems.append(source.problem(here, message))
            result.overflowed = True
        if result.overflowed:
            break
    return result


def _expand_use(
    source: Source,
    item: dict[str, Any],
    here: Path_,
    *,
    file: Path,
    root: Path,
    env: Mapping[str, str],
    variables: Mapping[str, str],
    secret_allowed: SecretPolicy,
    stack: tuple[Path, ...],
) -> Expansion:
    filled, problems = interpolate(source, item, env=env, variables=variables, at=here)
    use, use_problems = validate(UseStep, _shifted(source, here), filled)
    if use is None:
        return _failed(source, here, problems + _prefixed(use_problems, here))
    try:
        target = resolve(file.parent / use.use)
        refusal = _refuse(target, root, stack, file)
    except (PathRefused, OSError) as error:  # e.g. is_file() of a name too long for the system
        refusal = f"cannot use {_shown(use.use)}: {error}"
    if refusal:
        return _failed(source, here, [*problems, source.problem((*here, "use"), refusal)])
    shown = _display(target, root)
    try:
        fragment_source, fragment, fragment_problems = _read_fragment(target, shown)
    except InputError as error:
        return _failed(source, here, problems + error.problems)
    if fragment is None:
        return _failed(source, here, problems + fragment_problems)
    params, param_problems = _bind(fragment, use, source, here)
    if param_problems:
        return _failed(source, here, problems + param_problems)
    inner = expand_steps(
        fragment_source,
        fragment.steps,
        file=target,
        root=root,
        env=env,
        variables=params,
        secret_allowed=secret_allowed,
        stack=(*stack, file),
    )
    inner.problems[:0] = problems
    return inner


def _read_fragment(target: Path, shown: str) -> tuple[Source, Fragment | None, list[Problem]]:
    """A fragment file, read and validated; raises InputError if it is not readable YAML."""
    return _parsed_fragment(target, shown, read_bounded(target, shown))


@functools.lru_cache(maxsize=64)
def _parsed_fragment(
    target: Path, shown: str, raw: bytes
) -> tuple[Source, Fragment | None, list[Problem]]:
    # Many journeys use the same few fragments: parse each distinct content once. Keyed by the
    # bytes themselves, so an edited file is never served stale. Callers never mutate results.
    source = source_from_bytes(raw, shown)
    fragment, problems = validate(Fragment, source, source.data)
    return source, fragment, problems


def _failed(source: Source, here: Path_, problems: list[Problem]) -> Expansion:
    """A use-item that cannot be expanded stands in as one named step, so the journey is still
    validated without a misleading extra error such as "steps should have at least 1 item"."""
    return Expansion([{"name": "use"}], [(source, here)], problems)


def _prefixed(problems: list[Problem], here: Path_) -> list[Problem]:
    """Problems found validating one item name their field from the file's top, as all do."""
    base = dotted(here)
    return [replace(p, field=f"{base}.{p.field}" if p.field else base) for p in problems]


def _refuse(target: Path, root: Path, stack: tuple[Path, ...], file: Path) -> str | None:
    if not target.is_relative_to(root):
        return f"refused: {target} is outside the project folder {root}"
    chain = [*stack, file]
    if target in chain:
        names = " -> ".join(p.name for p in [*chain[chain.index(target) :], target])
        return f"cyclic use: {names}"
    if not target.is_file():
        return f"fragment not found: {target}"
    return None


def _shown(name: str) -> str:
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _bind(
    fragment: Fragment, use: UseStep, source: Source, here: Path_
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    for name in use.with_:
        if name not in fragment.params:
            known = ", ".join(fragment.params) or "none"
            problems.append(
                source.problem(
                    (*here, "with", name),
                    f"unknown parameter {name!r} (the fragment takes: {known})",
                    prefer_key=True,
                )
            )
    params = {k: v for k, v in fragment.params.items() if v is not None}
    params.update(use.with_)
    for name, default in fragment.params.items():
        if default is None and name not in use.with_:
            problems.append(
                source.problem(
                    (*here, "use"), f"the fragment needs parameter {name!r}: give it under 'with:'"
                )
            )
    return params, problems


def _shifted(source: Source, here: Path_) -> Source:
    """A view of the source whose root is the data at `here` (for validating one item)."""
    view = Source(source.path, None)
    size = len(here)
    view.values = {k[size:]: v for k, v in source.values.items() if k[:size] == here}
    view.keys = {k[size:]: v for k, v in source.keys.items() if k[:size] == here}
    return view


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def relocate(source: Source, origins: list[tuple[Source, Path_]]) -> Source:
    """Positions for the expanded steps list: step i's positions come from its origin."""
    merged = Source(source.path, None)
    for table, target in ((source.values, merged.values), (source.keys, merged.keys)):
        target.update(
            {k: v for k, v in table.items() if not (k and k[0] == "steps" and len(k) > 1)}
        )
    # Read each origin's tables once (not once per step): journeys share fragments and files.
    wanted: dict[int, tuple[Source, dict[Path_, list[int]]]] = {}
    for index, (origin, origin_path) in enumerate(origins):
        wanted.setdefault(id(origin), (origin, {}))[1].setdefault(origin_path, []).append(index)
    for origin, paths in wanted.values():
        sizes = sorted({len(p) for p in paths})
        for table, target in ((origin.values, merged.values), (origin.keys, merged.keys)):
            for key, mark in table.items():
                for size in sizes:
                    for index in paths.get(key[:size], ()):
                        target[("steps", index, *key[size:])] = mark
    return merged
