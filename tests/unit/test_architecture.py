"""The shape of the package, as docs/architecture.md draws it: no import cycles, and each stage
imports only the stages below it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]

# Each stage (a top-level module or package of selfshop) and the stages it may import.
BASE = {"models", "errors"}
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "errors": set(),
    "aio": set(),
    "gather": {"models"},
    # the shop itself needs only the models; demo.audit runs the demo audit through the pipeline,
    # and nothing but the CLI imports demo
    "demo": BASE | {"load", "pipeline"},
    "store": BASE,
    "judge": BASE | {"store"},  # crops are written atomically
    "load": BASE | {"judge"},  # check ids and parameters are validated against the registry
    "project": BASE | {"load", "store"},
    # sarif describes each check (its rule) from the check registry
    "report": BASE | {"store", "judge"},
    # walk asks the checks which evidence they need (judge.checks.evidence_needed), no more
    "walk": BASE | {"gather", "store", "load", "judge"},
    "publish": BASE | {"judge", "load", "report", "store", "walk", "selfshop"},
    "pipeline": BASE | {"aio", "judge", "load", "notify", "publish", "store", "walk", "shards"},
    "notify": BASE | {"judge", "load", "store"},  # alerts after publish: goals, owners, links
    "shards": BASE | {"load", "store", "walk"},  # a shard's share and its record
    "merge": BASE | {"publish", "store", "walk", "load"},  # shards joined through publish
    "pytest_plugin": {"load", "pipeline"},
    "browser_setup": {"walk"},
}


def _graph_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_cycles", REPO / "benchmarks" / "import_cycles.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "selfshop"


def test_there_are_no_import_cycles() -> None:
    tool = _graph_tool()
    assert tool.cycles(tool.import_graph()) == []


def test_each_stage_imports_only_the_stages_below_it() -> None:
    graph: dict[str, set[str]] = _graph_tool().import_graph()
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if _stage(module) in ALLOWED
        and _stage(target) != _stage(module)
        and _stage(target) not in ALLOWED[_stage(module)]
    )
    assert wrong == []
