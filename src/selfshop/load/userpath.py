"""Paths a user wrote in a file (a fragment to use, the standards, an attachment), resolved
without letting a bad one crash the run: a NUL, a name too long or a symlink loop is refused in
words the user can act on."""

from __future__ import annotations

import errno
from pathlib import Path


class PathRefused(ValueError):
    """The path cannot be used; the message says why, in a few words."""


def resolve(path: Path, *, strict: bool = False) -> Path:
    """The absolute path with links followed, or PathRefused."""
    if "\0" in str(path):
        raise PathRefused("the path contains a NUL character")
    try:
        return path.resolve(strict=strict)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise PathRefused("the path is a symlink loop") from None
    except OSError as error:
        raise PathRefused(_why(error)) from None


def _why(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    if error.errno == errno.ELOOP:
        return "the path is a symlink loop"
    if error.errno == errno.ENOENT:
        return "no such file"
    return f"the path cannot be used: {error.strerror or error}"
