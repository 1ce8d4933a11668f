"""Ending the `selfshop` process without Python's interpreter teardown.

At exit CPython frees every module and object one by one: after a run that is some 850 modules
and 100,000 objects, about 0.2 s of wall and CPU time (benchmarks/stage_times.py, issue 17)
that no user wants. Here the exit handlers still run (temporary folders removed, logs flushed,
in the order Python would run them) and the output is flushed; then the process ends at once,
as Instagram's services do (`atexit.register(os._exit, 0)`), with the same exit status.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def exit_quickly(code: str | int | None) -> NoReturn:
    """Exit with `code` as sys.exit would (None is 0; text is printed and means 1), skipping
    the teardown. With another non-daemon thread still running, exit as usual: Python waits
    for it, and so must selfshop."""
    if _others_running():
        sys.exit(code)
    status = _status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (a closed pipe) loses the rest, as it would at normal exit.
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def _others_running() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def _status(code: str | int | None) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
