"""selfshop: be your own mystery shopper.

The public API, for scripts and notebooks (everything else is internal and may move):

    from selfshop import load_audit, run_audit, write_reports

    outcome = run_audit(load_audit(Path("audits/weekly.yaml")))
    print(outcome.run.journeys[0].verdict)

- load_audit(path, base_url=None) -> LoadedAudit: the audit, its standards and journeys
- run_audit(loaded, ...) -> RunOutcome: walk, judge and publish (run folder, reports, history)
- read_run(path) -> Run; load_standards(path) -> Standards
- rejudge(run, standards) -> Run: judge saved evidence again, without a browser
- write_reports(run, run_dir, previous=None, formats=...) -> {format: path}
- check: the decorator that registers a check (see docs/checks.md)
- History: the run history of an output folder (runs, trends)

Names are imported on first use, so `selfshop --help` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from selfshop.judge.checks import check
    from selfshop.judge.scoring import rejudge
    from selfshop.load.files import load_audit, load_standards
    from selfshop.pipeline import run_audit
    from selfshop.report import write_reports
    from selfshop.store.history import History
    from selfshop.store.runfolder import read_run

_PUBLIC = {
    "History": "selfshop.store.history",
    "check": "selfshop.judge.checks",
    "load_audit": "selfshop.load.files",
    "load_standards": "selfshop.load.files",
    "read_run": "selfshop.store.runfolder",
    "rejudge": "selfshop.judge.scoring",
    "run_audit": "selfshop.pipeline",
    "write_reports": "selfshop.report",
}

__all__ = [
    "History",
    "__version__",
    "check",
    "load_audit",
    "load_standards",
    "read_run",
    "rejudge",
    "run_audit",
    "write_reports",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'selfshop' has no attribute {name!r}")
