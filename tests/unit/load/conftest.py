"""Fixtures for the loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from load_helpers import Project, make_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A temporary project folder with a valid standards.yaml, made the current directory."""
    return make_project(tmp_path, monkeypatch)
