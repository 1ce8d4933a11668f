"""The run folder: reports/<audit-slug>/<timestamp>/run.json + artefacts/, written atomically.

Every file is written to a temporary name and renamed into place, so a reader (or an interrupted
run) never sees half a file. `reports/<audit-slug>/latest` points at the newest run folder: a
symlink where the file system allows, else a `latest.txt` holding the folder's name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from selfshop.errors import InputError, Problem, UsageError
from selfshop.models.results import Run
from selfshop.store.atomic import write_text

RUN_FILE = "run.json"
ARTEFACTS = "artefacts"
LATEST = "latest"
LATEST_POINTER = "latest.txt"


def slugify(name: str) -> str:
    """A folder-safe name: 'Weekly storefront audit' -> 'weekly-storefront-audit'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "audit"


def timestamp(moment: datetime | None = None) -> str:
    """A sortable, file-system-safe UTC time stamp, e.g. 2026-11-22T07-50-10Z."""
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%dT%H-%M-%SZ")


@dataclass
class RunFolder:
    """One run's folder."""

    path: Path

    @classmethod
    def create(
        cls, output_dir: Path, audit_name: str, started: datetime | None = None
    ) -> RunFolder:
        """A new, empty run folder under output_dir/<audit-slug>/ (never reusing one)."""
        parent = output_dir / slugify(audit_name)
        parent.mkdir(parents=True, exist_ok=True)
        stamp = timestamp(started)
        for attempt in range(1, 1000):
            candidate = parent / (stamp if attempt == 1 else f"{stamp}-{attempt}")
            try:
                candidate.mkdir()
            except FileExistsError:
                continue
            (candidate / ARTEFACTS).mkdir()
            return cls(candidate)
        raise FileExistsError(f"too many runs in {parent} at {stamp}")

    @property
    def run_file(self) -> Path:
        return self.path / RUN_FILE

    @property
    def artefacts(self) -> Path:
        return self.path / ARTEFACTS

    def write_run(self, run: Run) -> Path:
        write_text(self.run_file, run.model_dump_json(indent=2))
        return self.run_file

    def point_latest(self) -> Path:
        """Make <audit-slug>/latest point at this folder; returns the pointer written."""
        return point_latest(self.path)


def point_latest(run_dir: Path) -> Path:
    parent = run_dir.parent
    link = parent / LATEST
    tmp = parent / f".{LATEST}.{os.getpid()}.tmp"
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(run_dir.name, target_is_directory=True)
        os.replace(tmp, link)
        return link
    except OSError:
        # No symlinks here (some Windows set-ups, some mounted drives): leave a pointer file.
        with contextlib.suppress(OSError):
            tmp.unlink()
        pointer = parent / LATEST_POINTER
        write_text(pointer, run_dir.name + "\n")
        return pointer


def latest_run_dir(audit_dir: Path) -> Path | None:
    """The newest run folder of an audit folder, through `latest` or `latest.txt`."""
    link = audit_dir / LATEST
    if link.is_dir():
        return link.resolve()
    pointer = audit_dir / LATEST_POINTER
    if pointer.is_file():
        target = audit_dir / pointer.read_text(encoding="utf-8").strip()
        return target if target.is_dir() else None
    return None


def read_run(path: Path) -> Run:
    """A run from its folder or its run.json; a missing or bad file is a located input error."""
    file = path / RUN_FILE if path.is_dir() else path
    if not file.is_file():
        raise UsageError(
            f"{path}: no {RUN_FILE} here; give a run folder such as "
            "reports/weekly-storefront-audit/latest"
        )
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            [Problem(str(file), error.lineno, error.colno, "", f"not valid JSON: {error.msg}")]
        ) from error
    try:
        return Run.model_validate(data)
    except ValidationError as error:
        raise InputError(
            [
                Problem(str(file), 1, 1, ".".join(str(p) for p in e["loc"]), e["msg"])
                for e in error.errors()[:20]
            ]
        ) from error


def load_run(run_dir: Path) -> Run | None:
    """The run saved in a folder, or None when there is none or it cannot be read."""
    try:
        return read_run(run_dir / RUN_FILE)
    except (OSError, UsageError, InputError):
        return None
