"""Writing report files: atomically (temp file + rename), readable by whoever they are for."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from selfshop.atomic import write_bytes


def publish_bytes(path: Path, data: bytes) -> Path:
    write_bytes(path, data)
    # the temporary file was private (0600); a report is meant to be shared and served
    with contextlib.suppress(OSError):
        os.chmod(path, 0o644)
    return path


def publish_text(path: Path, text: str) -> Path:
    return publish_bytes(path, text.encode("utf-8"))
