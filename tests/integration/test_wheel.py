"""The wheel stands on its own: built from this tree, installed into a clean venv outside it
(dependencies from uv.lock), it initialises and lints a project with nothing else. The demo is
run from the same wheel by the truth table (test_truth_table.py), so it is not walked twice.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.conftest import InstalledWheel

ROOT = Path(__file__).resolve().parents[2]


def _ok(installed: InstalledWheel, *args: str, cwd: Path | None = None) -> str:
    done = installed.run(*args, cwd=cwd)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output
    return output


def test_the_build_gives_no_deprecation_warnings(installed_wheel: InstalledWheel) -> None:
    assert "deprecat" not in installed_wheel.build_log.lower(), installed_wheel.build_log


def test_the_installed_package_is_the_wheel_not_the_source_tree(
    installed_wheel: InstalledWheel,
) -> None:
    where = _ok(installed_wheel, "python", "-c", "import selfshop; print(selfshop.__file__)")
    assert Path(where.strip()).is_relative_to(installed_wheel.bin.parent)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _ok(installed_wheel, "selfshop", "--version").strip() == f"selfshop {version}"


def test_init_then_lint_works_from_the_wheel_alone(installed_wheel: InstalledWheel) -> None:
    _ok(installed_wheel, "selfshop", "init", "shop")
    project = installed_wheel.home / "shop"
    assert (project / "standards.yaml").is_file()
    assert list((project / "journeys").glob("*.yaml"))
    assert list((project / "schemas").glob("*.json"))
    _ok(installed_wheel, "selfshop", "lint", cwd=project)
