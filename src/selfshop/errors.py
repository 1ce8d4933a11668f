"""Errors a user can act on, and the guard that turns them into one-line messages and exit codes."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum

DEBUG = False


class ExitCode(IntEnum):
    ok = 0
    gate_failed = 1  # the audit ran, and its gate says this must not ship
    bad_input = 2  # a file, flag or argument is wrong: the message says where
    environment = 3  # something outside selfshop is missing (a browser, a free port)
    interrupted = 130  # Ctrl-C (SIGINT)
    terminated = 143  # SIGTERM, as schedulers and CI runners stop a job: handled as Ctrl-C


# The stop signals this process has received (SIGTERM changes the exit code, nothing else).
_stop_signals: set[int] = set()


def note_stop_signal(number: int) -> None:
    _stop_signals.add(number)


def interrupted_code() -> ExitCode:
    """The exit code of a run that was stopped: 143 after SIGTERM, 130 after Ctrl-C."""
    return ExitCode.terminated if signal.SIGTERM in _stop_signals else ExitCode.interrupted


def _on_sigterm(number: int, frame: object) -> None:
    note_stop_signal(number)
    raise KeyboardInterrupt  # from here on, exactly what Ctrl-C does


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises KeyboardInterrupt, as SIGINT does (main thread only)."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: the host owns signals
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
        line = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return one_line(line)


def one_line(text: str) -> str:
    """The text with control characters (a newline, a tab, a terminal escape) shown escaped, so
    a problem stays one line however odd the file's names and values."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


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
        with sigterm_as_interrupt():
            app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        code = interrupted_code()
        print(f"selfshop: {code.name}", file=sys.stderr)
        sys.exit(code)
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
