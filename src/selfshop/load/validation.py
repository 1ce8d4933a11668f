"""Turn pydantic validation errors into located one-line problems with 'did you mean' hints."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from selfshop.errors import Problem
from selfshop.load.yamlsource import Path_, Source, dotted

_PREFIXES = ("Value error, ", "Assertion failed, ")
M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], source: Source, data: Any) -> tuple[M | None, list[Problem]]:
    """Validate data against a model; on failure return every problem, located in the file."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, problems_from(error, model, source, data)


def problems_from(
    error: ValidationError, model: type[BaseModel], source: Source, data: Any
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for detail in error.errors(include_url=False):
        at = _data_path(data, tuple(detail["loc"]))
        problem = _problem(detail, at, model, source)
        identity = (problem.line, problem.column, problem.field)
        if identity not in seen:
            seen.add(identity)
            problems.append(problem)
    return problems


def _problem(detail: Any, at: Path_, model: type[BaseModel], source: Source) -> Problem:
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = str(at[-1])
        known = fields_at(model, at[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else (f"; expected one of: {', '.join(known)}" if known and len(known) <= 14 else "")
        )
        return source.problem(at, f"unknown key {key!r}{hint}", prefer_key=True)
    if kind == "missing":
        return source.problem(at[:-1], f"missing required key {str(at[-1])!r}", field=dotted(at))
    message = str(detail["msg"])
    for prefix in _PREFIXES:
        message = message.removeprefix(prefix)
    given = detail.get("input")
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "enum":
        message = f"{message} (got {_show(given)})"
    return source.problem(at, message)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the part of pydantic's location that names real data; drop union member tags."""
    path: list[str | int] = []
    here = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(here, dict) and isinstance(part, str) and (part in here or last):
            path.append(part)
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            path.append(part)
            here = here[part]
        elif not (isinstance(here, (dict, list))):
            break
    return tuple(path)


def fields_at(model: type[BaseModel], at: Path_) -> list[str]:
    """Field names of the model found at a data path, for 'did you mean' hints."""
    current: Any = model
    for part in at:
        if isinstance(part, int):
            continue
        target = _model_of(current)
        if target is None or part not in target.model_fields:
            return []
        current = target.model_fields[part].annotation
    target = _model_of(current)
    if target is None:
        return []
    return [info.alias or name for name, info in target.model_fields.items()]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType, dict):
        args = typing.get_args(annotation)
        candidates = args[1:] if origin is dict else args
        for arg in candidates:
            found = _model_of(arg)
            if found is not None:
                return found
    return None
