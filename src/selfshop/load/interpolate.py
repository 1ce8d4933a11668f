"""Fill in ${env:NAME}, ${secret:NAME} and ${vars.name} in values read from a file.

A secret is wrapped in SecretStr the moment it is read, so every later stage (evidence, logs,
reports) sees it masked unless it deliberately asks for the value to type it into a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import SecretStr

from selfshop.errors import Problem
from selfshop.load.yamlsource import Path_, Source

# $${ (a literal "${"), a ${reference}, or a "${" that is never closed (a mistake).
REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{")
SECRET_ALLOWED = "fill values (do: - fill: {value: ...}) and an audit's notify urls and history"

# Decides whether a data path may hold a secret; the loader knows which paths are fill values.
SecretPolicy = Callable[[Path_], bool]


def never_secret(at: Path_) -> bool:
    return False


def interpolate(
    source: Source,
    data: Any,
    *,
    env: Mapping[str, str],
    variables: Mapping[str, str],
    secret_allowed: SecretPolicy = never_secret,
    at: Path_ = (),
) -> tuple[Any, list[Problem]]:
    """Return data with every reference filled in, and the problems found on the way."""
    problems: list[Problem] = []

    def walk(value: Any, here: Path_) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*here, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*here, i)) for i, v in enumerate(value)]
        if isinstance(value, str) and "$" in value:
            return _fill(value, here)
        return value

    def _fill(text: str, here: Path_) -> str | SecretStr:
        secret = False

        def replace(match: re.Match[str]) -> str:
            nonlocal secret
            if match.group(0) == "$${":
                return "${"  # $${ is how a literal ${ is written
            if match.group(1) is None:
                problems.append(
                    source.problem(
                        here, "'${' is never closed with '}' (write '$${' for a literal '${')"
                    )
                )
                return match.group(0)
            # A reference that cannot be filled stays as written: an empty string would only
            # add a second, misleading error (e.g. "should have at least 1 character").
            unfilled = match.group(0)
            reference = match.group(1).strip()
            kind, _, name = reference.partition(":")
            if kind == "env" and name:
                return _or(_lookup(env, name, "environment variable", here), unfilled)
            if kind == "secret" and name:
                if not secret_allowed(here):
                    problems.append(
                        source.problem(
                            here,
                            f"${{secret:{name}}} is only allowed in "
                            f"{SECRET_ALLOWED}, so it can be masked",
                        )
                    )
                    return unfilled
                secret = True
                return _or(_lookup(env, name, "secret (environment variable)", here), unfilled)
            if reference.startswith("vars."):
                found = _lookup(
                    variables, reference[5:], "variable", here, hint="define it in 'vars:'"
                )
                return _or(found, unfilled)
            problems.append(
                source.problem(
                    here,
                    f"unknown reference ${{{reference}}}: use "
                    "${env:NAME}, ${secret:NAME} or ${vars.name}",
                )
            )
            return unfilled

        filled = REFERENCE.sub(replace, text)
        return SecretStr(filled) if secret else filled

    def _lookup(
        table: Mapping[str, str], name: str, what: str, here: Path_, hint: str = ""
    ) -> str | None:
        if name in table:
            return str(table[name])
        extra = f" ({hint})" if hint else ""
        code = "missing-variable" if hint else "missing-env"
        problems.append(
            source.problem(here, f"{what} {name} is not set{extra}", code=code, subject=name)
        )
        return None

    return walk(data, at), problems


def _or(found: str | None, unfilled: str) -> str:
    return unfilled if found is None else found  # a variable set to "" is a real value
