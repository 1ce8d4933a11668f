"""Pictures in the report: small ones embedded as data: URIs, big ones linked relatively.

Embedding keeps the report one file that can be mailed; linking keeps it small. Paths come
from run.json and are only ever read from inside the run folder. A link always resolves from
the report's own folder: a report written elsewhere (`--out`) gets a copy of each artefact it
links, never a `../` path that dies when the folder is sent. A single-file report embeds
every picture, whatever its size.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from selfshop.store.atomic import write_bytes

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
    single_file: bool = False  # embed every picture; link nothing that is not a picture

    def _file(self, relative: str | None) -> Path | None:
        if not relative or "://" in relative or relative.startswith(("/", "\\")):
            return None
        root = self.run_dir.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    def link(self, relative: str | None) -> str | None:
        """A relative URL to the artefact from the HTML file's own folder, or None if it is not
        there (or, in a single file, not a picture)."""
        path = self._file(relative)
        if path is None:
            return None
        if self.single_file:
            return self._data_uri(path)
        root = self.run_dir.resolve()
        out = self.out_dir.resolve()
        inside = path.relative_to(root)
        if out != root:
            copy = out / inside
            if not copy.is_file() or copy.stat().st_size != path.stat().st_size:
                write_bytes(copy, path.read_bytes())
        return quote(inside.as_posix())

    def embed(self, relative: str | None) -> str | None:
        """A data: URI when the picture is small and the budget allows, else a relative link."""
        path = self._file(relative)
        if path is None:
            return None
        size = path.stat().st_size
        too_big = size > self.max_embed_bytes or self.used_bytes + size > self.budget_bytes
        if self.single_file or MIME_TYPES.get(path.suffix.lower()) is None or too_big:
            return self.link(relative)
        return self._data_uri(path)

    def _data_uri(self, path: Path) -> str | None:
        mime = MIME_TYPES.get(path.suffix.lower())
        if mime is None:
            return None
        self.used_bytes += path.stat().st_size
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
