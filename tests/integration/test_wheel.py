"""The wheel stands on its own: built from this tree, installed into a clean venv outside it
(dependencies from uv.lock), it initialises, lints and audits the demo shop with nothing else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser  # `selfshop demo` walks the shop in Chromium

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"  # locked in the dev extras, so in every test venv


@dataclass(frozen=True)
class Installed:
    wheel: Path
    build_log: str
    bin: Path
    env: dict[str, str]
    home: Path  # a folder outside the source tree to work in


def _uv(*args: str, cwd: Path = ROOT) -> str:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [str(UV), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    build_log = _uv("build", "--wheel", "--out-dir", str(work / "dist"), "--python", sys.executable)
    (wheel,) = (work / "dist").glob("selfshop-*.whl")
    venv = work / "venv"
    _uv("venv", str(venv), "--python", sys.executable)
    requirements = work / "requirements.txt"
    _uv("export", "--frozen", "--no-emit-project", "--format", "requirements-txt",
        "--output-file", str(requirements))  # fmt: skip
    python = str(venv / "bin" / "python")
    _uv("pip", "install", "--python", python, "--require-hashes", "-r", str(requirements))
    _uv("pip", "install", "--python", python, "--no-deps", str(wheel))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    home = work / "home"
    home.mkdir()
    return Installed(wheel, build_log, venv / "bin", env, home)


def _run(installed: Installed, *args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(installed.bin / args[0]), *args[1:]],
        cwd=cwd or installed.home,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output
    return output


def test_the_build_gives_no_deprecation_warnings(installed: Installed) -> None:
    assert "deprecat" not in installed.build_log.lower(), installed.build_log


def test_the_installed_package_is_the_wheel_not_the_source_tree(installed: Installed) -> None:
    where = _run(installed, "python", "-c", "import selfshop; print(selfshop.__file__)")
    assert Path(where.strip()).is_relative_to(installed.bin.parent)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _run(installed, "selfshop", "--version").strip() == f"selfshop {version}"


def test_init_then_lint_works_from_the_wheel_alone(installed: Installed) -> None:
    _run(installed, "selfshop", "init", "shop")
    project = installed.home / "shop"
    assert (project / "standards.yaml").is_file()
    assert list((project / "journeys").glob("*.yaml"))
    assert list((project / "schemas").glob("*.json"))
    _run(installed, "selfshop", "lint", cwd=project)


def test_the_demo_audits_the_bundled_shop_from_the_wheel_alone(installed: Installed) -> None:
    out = installed.home / "demo-reports"
    output = _run(installed, "selfshop", "demo", "--out", str(out))
    reports = sorted(out.glob("*/latest/report.html"))
    assert len(reports) == 2, output  # the polished and the flawed variant
    for report in reports:
        html = report.read_text(encoding="utf-8")
        assert "<html" in html and "Content-Security-Policy" in html
        assert list((report.parent / "artefacts").rglob("*.png"))  # the walk really happened
