"""`selfshop init`: a working project to start from, never overwriting what a user made."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from selfshop.errors import UsageError
from selfshop.project.schema import write_schemas
from selfshop.store.atomic import write_bytes

TEMPLATE_PACKAGE = "selfshop.project.templates"


def template_files() -> dict[str, bytes]:
    """Relative path -> content of every file of the starter project."""
    root = resources.files(TEMPLATE_PACKAGE).joinpath("project")
    return dict(_walk(root, ""))


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _walk(entry, f"{name}/")
        elif not entry.name.startswith((".", "__")):
            found.append((name, entry.read_bytes()))
    return sorted(found)


def scaffold(target: Path) -> tuple[list[Path], list[Path]]:
    """Write the starter project into target; return (created, kept because they existed)."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give a folder for the new project")
    created: list[Path] = []
    kept: list[Path] = []
    for relative, content in template_files().items():
        path = target / relative
        if path.exists():
            kept.append(path)
            continue
        write_bytes(path, content)
        created.append(path)
    created += write_schemas(target / "schemas")
    return created, kept
