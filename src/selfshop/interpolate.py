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
from selfshop.yamlsource import Path_, Source

REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}")
SECRET_ALLOWED = "fill values (do: - fill: {value: ...})"

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
            reference = match.group(1).strip()
            kind, _, name = reference.partition(":")
            if kind == "env" and name:
                return _lookup(env, name, "environment variable", here)
            if kind == "secret" and name:
                if not secret_allowed(here):
                    problems.append(
                        source.problem(
                            here,
                            f"${{secret:{name}}} is only allowed in "
                            f"{SECRET_ALLOWED}, so it can be masked",
                        )
                    )
                    return ""
                secret = True
                return _lookup(env, name, "secret (environment variable)", here)
            if reference.startswith("vars."):
                return _lookup(
                    variables, reference[5:], "variable", here, hint="define it in 'vars:'"
                )
            problems.append(
                source.problem(
                    here,
                    f"unknown reference ${{{reference}}}: use "
                    "${env:NAME}, ${secret:NAME} or ${vars.name}",
                )
            )
            return ""

        filled = REFERENCE.sub(replace, text)
        return SecretStr(filled) if secret else filled

    def _lookup(table: Mapping[str, str], name: str, what: str, here: Path_, hint: str = "") -> str:
        if name in table:
            return str(table[name])
        extra = f" ({hint})" if hint else ""
        code = "missing-variable" if hint else "missing-env"
        problems.append(
            source.problem(here, f"{what} {name} is not set{extra}", code=code, subject=name)
        )
        return ""

    return walk(data, at), problems
