"""Run a coroutine to completion from synchronous code, even inside a running event loop.

Callers of the Python API may already be inside an event loop (Playwright's sync API, Jupyter,
an async test); asyncio.run refuses to nest, so there the coroutine gets a thread of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1, thread_name_prefix="selfshop-walk") as pool:
        return pool.submit(asyncio.run, coroutine).result()
