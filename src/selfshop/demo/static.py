"""The shop's static files (CSS, JavaScript, SVG), read from the package once and kept."""

from __future__ import annotations

import functools
from importlib import resources

CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@functools.cache
def _files() -> dict[str, bytes]:
    """Every file under static/, by its path relative to it. Only these are ever served, so a
    request path can never reach outside the folder."""
    root = resources.files("selfshop.demo") / "static"
    found: dict[str, bytes] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            elif any(entry.name.endswith(ext) for ext in CONTENT_TYPES):
                found[prefix + entry.name] = entry.read_bytes()
    return found


def read(path: str) -> tuple[bytes, str] | None:
    """(body, content type) of a static file, or None when there is no such file."""
    body = _files().get(path)
    if body is None:
        return None
    extension = path[path.rfind(".") :]
    return body, CONTENT_TYPES[extension]
