"""Pictures in the report: small ones embedded as data: URIs, big ones linked relatively.

Embedding keeps the report one file that can be mailed; linking keeps it small. Paths come
from run.json and are only ever read from inside the run folder.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

MIME_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@dataclass
class ImageSource:
    """Turns artefact paths (relative to the run folder) into `src`/`href` values."""

    run_dir: Path
    out_dir: Path  # where the HTML file is written: relative links start here
    max_embed_bytes: int = 48_000  # one picture embedded at most this big
    budget_bytes: int = 1_500_000  # all embedded pictures together, before base64 (+33%)
    used_bytes: int = 0

    def _file(self, relative: str | None) -> Path | None:
        if not relative or "://" in relative or relative.startswith(("/", "\\")):
            return None
        root = self.run_dir.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    def link(self, relative: str | None) -> str | None:
        """A relative URL to the artefact from the HTML file, or None if it is not there."""
        path = self._file(relative)
        if path is None:
            return None
        return quote(Path(os.path.relpath(path, self.out_dir.resolve())).as_posix())

    def embed(self, relative: str | None) -> str | None:
        """A data: URI when the picture is small and the budget allows, else a relative link."""
        path = self._file(relative)
        if path is None:
            return None
        mime = MIME_TYPES.get(path.suffix.lower())
        size = path.stat().st_size
        too_big = size > self.max_embed_bytes or self.used_bytes + size > self.budget_bytes
        if mime is None or too_big:
            return self.link(relative)
        self.used_bytes += size
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
