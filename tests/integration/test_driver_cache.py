"""Playwright's driver keeps the code it compiles in the user's cache folder (theirs alone), so
the next run starts sooner; a user's own NODE_COMPILE_CACHE, or NODE_DISABLE_COMPILE_CACHE,
wins, and with no folder we may keep to ourselves nothing is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from selfshop.aio import run_sync
from selfshop.walk.browser import driver_compile_cache


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("NODE_COMPILE_CACHE", "NODE_DISABLE_COMPILE_CACHE"):
        monkeypatch.setenv(name, "")  # noted, so whatever the test sets is undone after it
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "selfshop" / "node-compile-cache"


async def _start_driver() -> None:
    async with async_playwright():
        pass


def test_the_driver_keeps_its_compiled_code_in_the_users_own_cache(clean_env: Path) -> None:
    driver_compile_cache()
    assert os.environ["NODE_COMPILE_CACHE"] == str(clean_env)
    run_sync(_start_driver())  # (a test before may have left an event loop running)
    assert any(clean_env.rglob("*")), "the driver wrote its compiled code there"
    assert (clean_env.stat().st_mode & 0o777) == 0o700


def test_a_users_own_choice_wins(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NODE_COMPILE_CACHE", "/somewhere/of/theirs")
    driver_compile_cache()
    assert os.environ["NODE_COMPILE_CACHE"] == "/somewhere/of/theirs"
    monkeypatch.delenv("NODE_COMPILE_CACHE")
    monkeypatch.setenv("NODE_DISABLE_COMPILE_CACHE", "1")
    driver_compile_cache()
    assert "NODE_COMPILE_CACHE" not in os.environ


def test_without_a_folder_of_our_own_nothing_is_kept(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    driver_compile_cache()
    assert "NODE_COMPILE_CACHE" not in os.environ
