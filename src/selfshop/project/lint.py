"""Check a project's files: what kind each is, every error located, and style warnings."""

from __future__ import annotations

import functools
import gc
import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfshop.errors import InputError, Problem
from selfshop.load.files import (
    display_path,
    find_root,
    journey_files,
    journey_from_source,
    load_audit_plan,
    standards_from_source,
)
from selfshop.load.fragments import is_use
from selfshop.load.pages import plain_pages
from selfshop.load.validation import validate
from selfshop.load.yamlsource import Path_, Source, read_source
from selfshop.models.journey import TECHNICAL_LOCATORS, Fragment, Journey
from selfshop.project.charter import charter_problems, committed_version

YAML_SUFFIXES = (".yaml", ".yml")
# ${env:NAME}, and ${secret:NAME} (audits take secrets in alert URLs and the history's address).
ENV_REFERENCE = re.compile(r"\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]*)\}")
# An audit's variables are usually URLs; a URL placeholder lets the rest of the file be checked.
AUDIT_PLACEHOLDER = "http://unset.invalid"
PARALLEL_FROM = 200  # files; below this one process is quicker than starting workers
SKIPPED_FOLDERS = {".git", ".venv", "node_modules", "reports", "schemas", "__pycache__"}


@dataclass
class FileReport:
    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    journey_id: str | None = None  # to find one id used by two journey files
    id_at: tuple[int, int] = (1, 1)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def default_paths(folder: Path) -> list[Path]:
    candidates = [folder / "standards.yaml", folder / "journeys", folder / "audits"]
    return [p for p in candidates if p.exists()]


def yaml_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                # Only folders below the one given count: a project may live under "reports/".
                inside = found.relative_to(path).parts
                if found.suffix in YAML_SUFFIXES and not SKIPPED_FOLDERS & set(inside):
                    yield found
        else:
            yield path


def lint_paths(
    paths: list[Path], env: Mapping[str, str] | None = None, *, workers: int | None = None
) -> list[FileReport]:
    """Lint every YAML file under paths. Big projects are shared out to worker processes;
    `workers` None chooses by file count and CPUs, 1 keeps everything in this process."""
    env = dict(os.environ if env is None else env)
    files = list(yaml_files(paths))
    workers = _workers_for(len(files)) if workers is None else workers
    with _imports_frozen():
        if workers > 1:
            reports = _lint_in_workers(files, env, workers)
        else:
            reports = [lint_file(path, env) for path in files]
    _flag_shared_ids(reports)
    return reports


def _workers_for(count: int) -> int:
    # A worker costs a few milliseconds to start and each file about one to lint. Forking is
    # only safe while this process runs no other thread (the CLI never does; a test run may).
    if count < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    import multiprocessing  # only big projects pay for importing it

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


def _lint_in_workers(files: list[Path], env: dict[str, str], workers: int) -> list[FileReport]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    chunk = max(1, len(files) // (workers * 4))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(functools.partial(lint_file, env=env), files, chunksize=chunk))


@contextmanager
def _imports_frozen() -> Iterator[None]:
    """Loading makes many small objects, so the garbage collector runs often; each full run
    rescanned every object of the imported libraries (about a third of lint's time). Set them
    aside while linting, and put them back after, unless someone else froze them first."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _flag_shared_ids(reports: list[FileReport]) -> None:
    """History is kept by journey id, so two journey files must never share one."""
    first: dict[str, FileReport] = {}
    for report in reports:
        if report.journey_id is None:
            continue
        earlier = first.setdefault(report.journey_id, report)
        if earlier is not report:
            line, column = report.id_at
            report.problems.append(Problem(report.path, line, column, "id",
                                           f"journey id {report.journey_id!r} is also used by "
                                           f"{earlier.path}"))  # fmt: skip


def lint_file(path: Path, env: Mapping[str, str]) -> FileReport:
    shown = display_path(path)
    try:
        source = read_source(path, shown)
    except InputError as error:
        return FileReport(shown, "unreadable", error.problems)
    kind = file_kind(path, source.data)
    report = FileReport(shown, kind)
    if kind == "journey" and isinstance(source.data.get("id"), str):
        mark = source.mark(("id",))
        report.journey_id, report.id_at = source.data["id"], (mark.line, mark.column)
    linters = {
        "journey": _lint_journey,
        "standards": _lint_standards,
        "audit": _lint_audit,
        "fragment": _lint_fragment,
    }
    if kind in linters:
        report.problems = linters[kind](path, source, env)
    else:
        report.problems = [
            source.problem(
                (),
                "not a selfshop file: expected a journey (id, steps), "
                "an audit (base_url), standards (organisation, standards) "
                "or a fragment (params, steps)",
            )
        ]
    return report


def file_kind(path: Path, data: Any) -> str:
    if not isinstance(data, dict):
        return "unknown"
    if "base_url" in data or (
        path.parent.name == "audits" and ("journeys" in data or "pages" in data)
    ):
        return "audit"  # in audits/, a misspelt base_url is an audit's mistake to point at
    if "organisation" in data or isinstance(data.get("standards"), list):
        return "standards"
    if "params" in data or ("steps" in data and "fragments" in path.parts and "id" not in data):
        return "fragment"
    if "steps" in data or "id" in data:
        return "journey"
    return "unknown"


def _lint_journey(path: Path, source: Source, env: Mapping[str, str]) -> list[Problem]:
    """Lint checks files, not the machine: an unset variable is a warning here, while `run`
    refuses to start without it. Loading with the real environment tells which are unset; only
    then is the journey loaded again with stand-ins, so the usual case costs one load."""
    root = _root_of(path.parent.absolute())
    try:
        journey, located = journey_from_source(source, path, env=env, root=root)
        return _locator_warnings(journey, located)
    except InputError as error:
        missing = [p for p in error.problems if p.code == "missing-env"]
        if not missing:
            return error.problems
    lenient = {**env, **{p.subject: f"<{p.subject}>" for p in missing}}
    warnings = _as_warnings(missing)
    try:
        journey, located = journey_from_source(source, path, env=lenient, root=root)
    except InputError as error:
        return warnings + error.problems
    return warnings + _locator_warnings(journey, located)


@functools.lru_cache(maxsize=64)
def _root_of(folder: Path) -> Path:
    """The project root of a folder; the files of one folder share it, so it is found once."""
    return find_root(folder / "file")


def _as_warnings(missing: list[Problem]) -> list[Problem]:
    return [
        Problem(
            p.path,
            p.line,
            p.column,
            p.field,
            f"{p.message}: set it before running",
            "warning",
            p.code,
            p.subject,
        )
        for p in missing
    ]


def _locator_warnings(journey: Journey, located: Source) -> list[Problem]:
    warnings: list[Problem] = []
    for s, step in enumerate(journey.steps):
        for a, action in enumerate(step.do):
            target = action.target
            kinds = target.locator_kinds() if target else []
            if kinds and kinds[0] in TECHNICAL_LOCATORS:
                warnings.append(
                    located.problem(
                        ("steps", s, "do", a, action.kind, kinds[0]),
                        f"a customer can't see {kinds[0].upper()}: find it by role and name, "
                        "label or text, as a customer would",
                        severity="warning",
                        prefer_key=True,
                    )
                )
    return warnings


def _lint_standards(path: Path, source: Source, env: Mapping[str, str]) -> list[Problem]:
    try:
        standards = standards_from_source(source)
    except InputError as error:
        return error.problems
    return charter_problems(standards, source, committed_version(path))


def _lint_audit(path: Path, source: Source, env: Mapping[str, str]) -> list[Problem]:
    lenient = {
        **env,
        **{name: AUDIT_PLACEHOLDER for name in _env_names(source.data) if name not in env},
    }
    problems = [
        source.problem(
            _path_of(source.data, f"${{{kind}:{name}}}"),
            f"environment variable {name} is not set: set it before running",
            severity="warning",
            code="missing-env",
            subject=name,
        )
        for kind, name in sorted(set(ENV_REFERENCE.findall(repr(source.data))))
        if name not in env
    ]
    # Journeys and standards are files of their own, each linted once when linted itself.
    try:
        audit, _ = load_audit_plan(path, env=lenient)
    except InputError as error:
        return problems + error.problems
    problems += journey_files(source, audit, path)[1]
    # Pages and sitemap files are checked; the site's own sitemaps are read when it runs.
    problems += plain_pages(source, audit, path, find_root(path), taken=set(), fetch=False).problems
    standards = path.parent / audit.standards
    if not standards.is_file():
        problems.append(source.problem(("standards",), f"standards file not found: {standards}"))
    return problems


def _path_of(data: Any, needle: str, at: Path_ = ()) -> Path_:
    """The first place a text containing `needle` stands, so a warning can point at it."""
    if isinstance(data, str) and needle in data:
        return at
    children = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        found = _path_of(value, needle, (*at, key))
        if found:
            return found
    return ()


def _env_names(data: Any) -> list[str]:
    return sorted({name for _, name in ENV_REFERENCE.findall(repr(data))})


def _lint_fragment(path: Path, source: Source, env: Mapping[str, str]) -> list[Problem]:
    fragment, problems = validate(Fragment, source, source.data)
    if fragment is None:
        return problems
    for index, step in enumerate(fragment.steps):
        if not isinstance(step, dict) or is_use(step):
            continue
        if "name" not in step:
            problems.append(
                source.problem(
                    ("steps", index), "missing required key 'name'", field=f"steps[{index}].name"
                )
            )
    return problems
