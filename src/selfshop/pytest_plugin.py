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
        from selfshop.load.files import load_audit
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
    from selfshop.load.files import load_audit
    from selfshop.pipeline import run_audit

    items: list[pytest.Item] = []
    for path in audits:
        loaded = load_audit(path, base_url=base_url)
        run = run_audit(loaded, base_url=base_url, progress=False).run
        for journey in run.journeys:
            gate_reasons = [r for r in run.gate.reasons if r.startswith(f"{journey.key} ")]
            items.append(
                JourneyItem.from_parent(
                    session,
                    name=f"{path.stem}::{journey.key}",
                    journey=journey,
                    gate_reasons=gate_reasons,
                )
            )
    return items


class JourneyItem(pytest.Item):
    """One journey on one device, as judged: fails when it fails the audit's gate."""

    def __init__(self, *, journey: Any, gate_reasons: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.journey = journey
        self.gate_reasons = gate_reasons

    def runtest(self) -> None:
        if self.gate_reasons:
            raise JourneyFailed(self.journey)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, JourneyFailed):
            return "\n".join(f"- {line}" for line in [*self.gate_reasons, *self.journey.reasons])
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"selfshop journey {self.name}"


class JourneyFailed(Exception):
    def __init__(self, journey: Any) -> None:
        super().__init__(journey.key)
        self.journey = journey
