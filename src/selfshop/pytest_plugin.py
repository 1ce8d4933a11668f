"""pytest integration: audit journeys from a test suite.

`pytest --selfshop-audit audits/demo.yaml` adds one test per journey and device that fails when
the journey's verdict fails the audit's gate. Collecting only reads the audit's files; the
audit is walked when its first journey test runs, once for all of them (like
pytest-playwright, the work happens in fixtures at test time, so `pytest --collect-only`
never starts a browser).

The chain, each a fixture a test may use or override:

    selfshop_runs (session: each audit walked once)  ->  selfshop_audit (run an audit file)

and every journey test reads its result from `selfshop_runs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from selfshop.models.results import JourneyResult
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


@dataclass
class AuditRuns:
    """Audits walked in this test session, each once, the first time a test asks for it."""

    base_url: str | None = None
    outcomes: dict[Path, RunOutcome] = field(default_factory=dict)

    def outcome(self, audit_file: Path) -> RunOutcome:
        key = audit_file.resolve()
        if key not in self.outcomes:
            self.outcomes[key] = run_audit_file(key, self.base_url)
        return self.outcomes[key]


RUNS = pytest.StashKey[AuditRuns]()


def run_audit_file(path: Path, base_url: str | None = None, **options: Any) -> RunOutcome:
    from selfshop.load.files import load_audit
    from selfshop.pipeline import run_audit

    loaded = load_audit(path, base_url=base_url)
    options.setdefault("progress", False)
    return run_audit(loaded, base_url=base_url, **options)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[RUNS] = AuditRuns(base_url=config.getoption("--selfshop-base-url"))


@pytest.fixture(scope="session")
def selfshop_runs(pytestconfig: pytest.Config) -> AuditRuns:
    """The audits of this session (`--selfshop-audit`), walked once each on first use."""
    return pytestconfig.stash[RUNS]


@pytest.fixture
def selfshop_audit() -> Callable[..., RunOutcome]:
    """Run an audit file: selfshop_audit(path, base_url=None, **options) -> RunOutcome."""
    return run_audit_file


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    for audit in config.getoption("--selfshop-audit"):
        items.extend(_journey_items(session, Path(audit)))


def _journey_items(session: pytest.Session, audit_file: Path) -> list[pytest.Item]:
    """One test per journey and device the audit walks: read from its files, nothing walked."""
    from selfshop.load.files import load_audit
    from selfshop.pipeline import plans_for

    loaded = load_audit(audit_file, base_url=session.config.getoption("--selfshop-base-url"))
    return [
        JourneyItem.from_parent(
            session, name=f"{audit_file.stem}::{plan.key}", audit_file=audit_file, key=plan.key
        )
        for plan in plans_for(loaded)
    ]


class JourneyItem(pytest.Item):
    """One journey on one device, as judged: fails when it fails the audit's gate."""

    def __init__(self, *, audit_file: Path, key: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.audit_file = audit_file
        self.key = key
        self.reasons: list[str] = []

    def runtest(self) -> None:
        run = self.config.stash[RUNS].outcome(self.audit_file).run
        journey = next((j for j in run.journeys if j.key == self.key), None)
        if journey is None:
            self.reasons = [f"{self.key} was not walked (the run was interrupted)"]
            raise JourneyFailed(self.key)
        gate_reasons = [r for r in run.gate.reasons if r.startswith(f"{self.key} ")]
        if gate_reasons:
            self.reasons = [*gate_reasons, *journey.reasons]
            raise JourneyFailed(self.key, journey)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, JourneyFailed):
            return "\n".join(f"- {line}" for line in self.reasons)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"selfshop journey {self.name}"


class JourneyFailed(Exception):
    def __init__(self, key: str, journey: JourneyResult | None = None) -> None:
        super().__init__(key)
        self.journey = journey
