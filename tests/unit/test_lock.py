"""The lock file is what every install uses: it must agree with pyproject.toml and pin by hash."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _toml(name: str) -> dict[str, Any]:
    parsed: dict[str, Any] = tomllib.loads((ROOT / name).read_text(encoding="utf-8"))
    return parsed


def _declared() -> set[tuple[str, str, str]]:
    """pyproject's requirements as (name, specifier, extra) with names normalised."""
    project = _toml("pyproject.toml")["project"]
    declared = {(Requirement(text), "") for text in project["dependencies"]}
    for extra, texts in project.get("optional-dependencies", {}).items():
        declared |= {(Requirement(text), extra) for text in texts}
    return {(canonicalize_name(req.name), str(req.specifier), extra) for req, extra in declared}


def _locked_project() -> dict[str, Any]:
    lock = _toml("uv.lock")
    name = _toml("pyproject.toml")["project"]["name"]
    projects: list[dict[str, Any]] = [p for p in lock["package"] if p["name"] == name]
    (project,) = projects
    return project


def _locked() -> set[tuple[str, str, str]]:
    """The requirements uv.lock was made from, in the same shape."""
    locked: set[tuple[str, str, str]] = set()
    for item in _locked_project()["metadata"]["requires-dist"]:
        marker = item.get("marker", "")
        extra = marker.removeprefix("extra == '").removesuffix("'") if marker else ""
        specifier = str(Requirement(f"x{item.get('specifier', '')}").specifier)
        locked.add((canonicalize_name(item["name"]), specifier, extra))
    return locked


def test_lock_was_made_from_the_requirements_pyproject_declares_now() -> None:
    declared, locked = _declared(), _locked()
    assert declared - locked == set(), "in pyproject.toml but not in uv.lock: run `make lock`"
    assert locked - declared == set(), "in uv.lock but no longer in pyproject.toml: `make lock`"


def test_every_locked_download_is_pinned_by_hash() -> None:
    unpinned = []
    for package in _toml("uv.lock")["package"]:
        if "registry" not in package.get("source", {}):
            continue  # the project itself
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        if not files or not all(item.get("hash", "").startswith("sha256:") for item in files):
            unpinned.append(package["name"])
    assert unpinned == []


def test_pyproject_keeps_ranges_for_people_who_install_selfshop_as_a_library() -> None:
    pinned = [spec for name, spec, _ in _declared() if spec.startswith("==")]
    assert pinned == [], "exact pins belong in uv.lock, not pyproject.toml"
