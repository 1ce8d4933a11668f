"""pytest integration: audit journeys from a test suite.

`pytest --selfshop-audit audits/demo.yaml` adds one test per journey and device that fails when
the journey's verdict fails the audit's gate. The `selfshop_audit` fixture runs an audit from a
test: `outcome = selfshop_audit("audits/demo.yaml", base_url=live_server_url)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from selfshop.pipeline import RunOutcome


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("selfshop", "selfshop journey audits")
    group.addoption(
        "--selfshop-audit",
        action="append",
        default=[],
        metavar="AUDIT",
        help="Run this audit and report each journey and device as a test.",
    )
    group.addoption(
        "--selfshop-base-url",
        default=None,
        metavar="URL",
        help="Point the audit at this site instead of its base_url.",
    )


@pytest.fixture
def selfshop_audit(tmp_path: Path) -> Callable[..., RunOutcome]:
    """Run an audit file: selfshop_audit(path, base_url=None, **options) -> RunOutcome."""

    def run(path: str | Path, base_url: str | None = None, **options: Any) -> RunOutcome:
        from selfshop.load import load_audit
        from selfshop.pipeline import run_audit

        loaded = load_audit(Path(path), base_url=base_url)
        options.setdefault("progress", False)
        return run_audit(loaded, base_url=base_url, **options)

    return run


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    audits = config.getoption("--selfshop-audit")
    if audits:
        items.extend(
            _journey_items(
                session, [Path(a) for a in audits], config.getoption("--selfshop-base-url")
            )
        )


def _journey_items(
    session: pytest.Session, audits: list[Path], base_url: str | None
) -> list[pytest.Item]:
    from selfshop.load import load_audit
    from selfshop.pipeline import run_audit

    items: list[pytest.Item] = []
    for path in audits:
        loaded = load_audit(path, base_url=base_url)
        outcome = run_audit(loaded, base_url=base_url, progress=False)
        failing = {reason.split(":")[0] for reason in outcome.run.gate.reasons}
        for journey in outcome.run.journeys:
            items.append(
                JourneyItem.from_parent(
                    session,
                    name=f"{path.stem}::{journey.key}",
                    journey=journey,
                    failing=journey.key in failing or journey.verdict.value == "redesign",
                )
            )
    return items


class JourneyItem(pytest.Item):
    """One journey on one device, as judged: fails with the verdict's reasons."""

    def __init__(self, *, journey: Any, failing: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.journey = journey
        self.failing = failing

    def runtest(self) -> None:
        if self.failing:
            raise JourneyFailed(self.journey)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, JourneyFailed):
            journey = excinfo.value.journey
            return f"{journey.key}: {journey.verdict.value} ({journey.score})\n" + "\n".join(
                f"  - {reason}" for reason in journey.reasons
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"selfshop journey {self.name}"


class JourneyFailed(Exception):
    def __init__(self, journey: Any) -> None:
        super().__init__(journey.key)
        self.journey = journey
