"""The demo audit: start the bundled shop on free ports and audit both of its variants.

`selfshop demo` prints around this; the flawed variant failing its gate is the point of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from selfshop.demo import DEMO_SECRETS
from selfshop.errors import EnvironmentProblem

if TYPE_CHECKING:
    from selfshop.demo.server import DemoURLs
    from selfshop.pipeline import RunOutcome

DEMO_AUDIT = Path("audits") / "demo.yaml"
VARIANTS = ("polished", "flawed")


def demo_audit_file() -> Path:
    """The demo audit: shipped inside the package, else the project's own audits/demo.yaml."""
    from importlib import resources

    from selfshop.load.files import find_root

    packaged = Path(str(resources.files("selfshop.demo").joinpath("project"))) / DEMO_AUDIT
    if packaged.is_file():
        return packaged
    local = find_root(Path.cwd() / "here") / DEMO_AUDIT
    if local.is_file():
        return local
    raise EnvironmentProblem(
        f"the demo audit is missing: neither {packaged} nor {local} exists (reinstall selfshop)"
    )


def audit_demo(
    output: Path,
    *,
    workers: int | None,
    progress: bool,
    on_start: Callable[[DemoURLs], None],
    on_outcome: Callable[[RunOutcome], None],
) -> list[RunOutcome]:
    """Audit the polished variant, then the flawed one; stops early if a run is interrupted."""
    from selfshop.demo.server import running_demo
    from selfshop.load.files import load_audit
    from selfshop.pipeline import run_audit

    for name, value in DEMO_SECRETS.items():  # the demo's own test card and password
        os.environ.setdefault(name, value)
    audit_file = demo_audit_file()
    outcomes: list[RunOutcome] = []
    with running_demo() as urls:
        on_start(urls)
        for variant, url in zip(VARIANTS, (urls.polished, urls.flawed), strict=True):
            loaded = load_audit(audit_file, base_url=url)
            outcome = run_audit(
                loaded,
                base_url=url,
                run_name=f"{loaded.audit.name} ({variant})",
                workers=workers,
                progress=progress,
                output_dir=output,
            )
            outcomes.append(outcome)
            on_outcome(outcome)
            if outcome.run.interrupted:
                break
    return outcomes
