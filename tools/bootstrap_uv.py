"""Install uv into a venv at the version and hashes uv.lock names, with nothing but pip.

`make` needs only python3 on a fresh machine; every other package then comes from uv.lock through
`uv sync --locked`. uv is itself locked (a dev dependency), so `uv sync` keeps it, and this
bootstrap pins it by hash too: nothing is installed unchecked.

Usage: python3 tools/bootstrap_uv.py VENV_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def locked_uv() -> tuple[str, list[str]]:
    """uv's version in the lock and the sha256 hashes of all its files."""
    lock = tomllib.loads(LOCK.read_text(encoding="utf-8"))
    for package in lock["package"]:
        if package["name"] == "uv":
            files = [*package.get("wheels", []), package.get("sdist", {})]
            hashes = [item["hash"] for item in files if "hash" in item]
            return package["version"], hashes
    raise SystemExit(f"{LOCK}: no 'uv' package is locked (is it in the dev extras?)")


def installed_version(python: Path) -> str:
    found = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('uv'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() if found.returncode == 0 else ""


def main() -> None:
    python = Path(sys.argv[1]) / "bin" / "python"
    version, hashes = locked_uv()
    if installed_version(python) == version:
        return
    line = f"uv=={version} " + " ".join(f"--hash={digest}" for digest in hashes)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write(line + "\n")
        requirements.flush()
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--require-hashes", "--no-deps", "-r", requirements.name],
            check=True,
        )  # fmt: skip


if __name__ == "__main__":
    main()
