"""selfshop's folders in the user's cache (XDG_CACHE_HOME, else ~/.cache): what is only kept to
be faster next time (compiled templates, the browser driver's compiled code). Losing one costs
time, never a result."""

from __future__ import annotations

import os
from pathlib import Path


def private_cache(name: str) -> Path | None:
    """~/.cache/selfshop/NAME, made if need be and readable by this user alone; None when there is
    no such folder we may keep to ourselves (it cannot be made, or another user owns it:
    compiled code someone else wrote is not ours to run)."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(root) / "selfshop" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    return folder
