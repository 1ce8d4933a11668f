"""Errors a user can act on, and the guard that turns them into one-line messages and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

DEBUG = False


class ExitCode(IntEnum):
    ok = 0
    gate_failed = 1  # the audit ran, and its gate says this must not ship
    bad_input = 2  # a file, flag or argument is wrong: the message says where
    environment = 3  # something outside selfshop is missing (a browser, a free port)
    interrupted = 130


@dataclass(frozen=True)
class Problem:
    """One located mistake in one file."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"  # or "warning": reported, does not fail lint
    code: str = ""  # machine-readable kind, e.g. "missing-env"
    subject: str = ""  # what the code is about, e.g. the variable's name

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class InputError(Exception):
    """Bad input: one or more located problems. Exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A bad flag or argument that has no file location. Exit code 2."""


class EnvironmentProblem(Exception):
    """Something selfshop needs from the machine is missing. Exit code 3."""


def run_guarded(app: Callable[[], object]) -> None:
    """Run the CLI; turn known errors into one line each on stderr, and never show a traceback
    unless --debug was given."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("selfshop: interrupted", file=sys.stderr)
        sys.exit(ExitCode.interrupted)
    except InputError as error:
        _report(error, [str(p) for p in error.problems])
        sys.exit(ExitCode.bad_input)
    except UsageError as error:
        _report(error, [f"selfshop: {error}"])
        sys.exit(ExitCode.bad_input)
    except EnvironmentProblem as error:
        _report(error, [f"selfshop: {error}"])
        sys.exit(ExitCode.environment)
    except Exception as error:  # the last guard: a one-line message beats a traceback
        _report(
            error,
            [
                f"selfshop: internal error: {type(error).__name__}: {error}",
                "selfshop: run again with --debug for the traceback",
            ],
        )
        sys.exit(ExitCode.environment)


def _report(error: BaseException, lines: list[str]) -> None:
    if DEBUG:
        import traceback

        traceback.print_exception(error)
    for line in lines:
        print(line, file=sys.stderr)
