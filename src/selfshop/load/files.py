"""Load standards, journeys and audits from YAML into models, reporting every mistake located.

Each function raises InputError carrying all the problems it found (never just the first), each
one line `path:line:column: field: message`.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from selfshop.errors import InputError, Problem, UsageError
from selfshop.load.check_refs import journey_check_problems, standards_check_problems
from selfshop.load.fragments import expand_steps, relocate
from selfshop.load.interpolate import interpolate
from selfshop.load.pages import plain_pages
from selfshop.load.userpath import PathRefused, resolve
from selfshop.load.validation import validate
from selfshop.load.yamlsource import Path_, Source, read_source
from selfshop.models.audit import Audit
from selfshop.models.journey import Journey
from selfshop.models.standards import Standards

ROOT_MARKERS = ("standards.yaml", ".git", "pyproject.toml")
MAX_JOURNEY_FILES = 1_000  # one glob: a project has tens
MAX_AUDIT_STEPS = 10_000  # every journey's expanded steps, in one audit


@dataclass(frozen=True)
class LoadedJourney:
    path: Path
    journey: Journey


@dataclass
class LoadedAudit:
    path: Path
    audit: Audit
    standards: Standards
    standards_path: Path
    journeys: list[LoadedJourney] = field(default_factory=list)
    page_count: int = 0  # journeys made from `pages:`, last in `journeys`
    pages_off_site: int = 0  # sitemap entries on other sites, left out

    @property
    def output_dir(self) -> Path:
        try:
            return resolve(self.path.parent / self.audit.output)
        except PathRefused:  # writing there fails, and says where the output was named
            return (self.path.parent / self.audit.output).absolute()


def inline_audit(
    audit: Audit, journeys: list[Journey], standards_path: Path, folder: Path
) -> LoadedAudit:
    """An audit built in code (benchmarks, tests) rather than read from an audit file; its
    run folders go under `folder`."""
    audit = audit.model_copy(update={"output": str(folder)})
    loaded = [LoadedJourney(folder / f"{j.id}.yaml", j) for j in journeys]
    standards = load_standards(standards_path)
    return LoadedAudit(folder / f"{audit.name}.yaml", audit, standards, standards_path, loaded)


def find_root(path: Path) -> Path:
    """The project folder a file belongs to: the nearest folder holding a project marker."""
    start = path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start


def is_fill_value(at: Path_) -> bool:
    """Secrets may only stand where they are typed into a page, so they can be masked."""
    return len(at) >= 6 and at[-4] == "do" and at[-2] == "fill" and at[-1] == "value"


def is_audit_secret(at: Path_) -> bool:
    """In an audit, secrets stand in alert URLs and the history's address (both SecretStr)."""
    return at == ("history",) or (len(at) == 3 and at[0] == "notify" and at[2] == "url")


def load_journey(
    path: Path, *, env: Mapping[str, str] | None = None, root: Path | None = None
) -> Journey:
    return load_journey_located(path, env=env, root=root)[0]


def load_journey_located(
    path: Path, *, env: Mapping[str, str] | None = None, root: Path | None = None
) -> tuple[Journey, Source]:
    """The journey, and where each of its (expanded) parts stands in the files."""
    source = read_source(path, display_path(path))
    return journey_from_source(
        source, path, env=os.environ if env is None else env, root=root or find_root(path)
    )


def journey_from_source(
    source: Source, path: Path, *, env: Mapping[str, str], root: Path
) -> tuple[Journey, Source]:
    data = _mapping(source, "a journey")
    variables, problems = _journey_variables(source, data, env)
    steps = data.get("steps")
    if isinstance(steps, list):
        expansion = expand_steps(
            source,
            steps,
            file=path.resolve(),
            root=root.resolve(),
            env=env,
            variables=variables,
            secret_allowed=is_fill_value,
        )
        problems += expansion.problems
        rest = {k: v for k, v in data.items() if k not in ("steps", "vars")}
        filled, more = interpolate(source, rest, env=env, variables=variables)
        problems += more
        data = {**filled, "vars": data.get("vars", {}), "steps": expansion.steps}
        source = relocate(source, expansion.origins)
    journey, invalid = validate(Journey, source, data)
    problems += not_already_reported(invalid, problems)
    if journey is not None:
        problems += journey_check_problems(journey, source)
    if problems or journey is None:
        raise InputError(problems)
    return journey, source


def _journey_variables(
    source: Source, data: dict[str, Any], env: Mapping[str, str]
) -> tuple[dict[str, str], list[Problem]]:
    raw = data.get("vars", {})
    if not isinstance(raw, dict):
        return {}, []  # the model reports the wrong type
    filled, problems = interpolate(source, raw, env=env, variables={}, at=("vars",))
    return {k: str(v) for k, v in filled.items() if isinstance(v, str | int | float)}, problems


def load_standards(path: Path) -> Standards:
    return standards_from_source(read_source(path, display_path(path)))


def standards_from_source(source: Source) -> Standards:
    data = _mapping(source, "a standards file")
    standards, problems = validate(Standards, source, data)
    if standards is not None:
        problems += standards_check_problems(standards, source)
    if problems or standards is None:
        raise InputError(problems)
    return standards


def load_audit(
    path: Path,
    *,
    env: Mapping[str, str] | None = None,
    base_url: str | None = None,
    read_sitemaps: bool = True,
) -> LoadedAudit:
    """Load an audit with its standards, every journey it names and a journey for each of its
    plain pages (its sitemaps on the site read only when `read_sitemaps`); all problems at once."""
    env = os.environ if env is None else env
    audit, source = load_audit_plan(path, env=env, base_url=base_url)
    standards_path, standards, journeys, problems = _audit_parts(source, audit, path, env)
    pages = plain_pages(
        source,
        audit,
        path,
        find_root(path),
        taken={loaded.journey.id for loaded in journeys},
        fetch=read_sitemaps,
    )
    problems += pages.problems
    journeys += [LoadedJourney(path.resolve(), journey) for journey in pages.journeys]
    problems += _step_count_problems(source, journeys)
    if problems or standards is None or standards_path is None:
        raise InputError(problems)
    return LoadedAudit(
        path, audit, standards, standards_path, journeys, len(pages.journeys), pages.off_site
    )


def load_audit_plan(
    path: Path, *, env: Mapping[str, str] | None = None, base_url: str | None = None
) -> tuple[Audit, Source]:
    """The audit file alone (its journeys and standards are not read)."""
    env = os.environ if env is None else env
    source = read_source(path, display_path(path))
    data = _mapping(source, "an audit")
    if base_url is not None:
        data = {**data, "base_url": base_url}
    filled, problems = interpolate(
        source, data, env=env, variables={}, secret_allowed=is_audit_secret
    )
    audit, invalid = validate(Audit, source, filled)
    problems += not_already_reported(invalid, problems)
    if problems or audit is None:
        raise InputError(problems)
    return audit, source


def not_already_reported(invalid: list[Problem], reported: list[Problem]) -> list[Problem]:
    """Validation problems at places an earlier problem already explains (an unset variable
    leaves its value unusable: saying so twice would mislead)."""
    places = {(p.path, p.line, p.column) for p in reported}
    return [p for p in invalid if (p.path, p.line, p.column) not in places]


def journey_files(source: Source, audit: Audit, path: Path) -> tuple[list[Path], list[Problem]]:
    """The journey files an audit's globs name (files in a fragments/ folder are not
    journeys), and a problem for each glob that names none."""
    problems: list[Problem] = []
    files = _journey_files(source, audit, path, problems)
    return files, problems


def _audit_parts(
    source: Source,
    audit: Audit,
    path: Path,
    env: Mapping[str, str],
) -> tuple[Path | None, Standards | None, list[LoadedJourney], list[Problem]]:
    problems: list[Problem] = []
    standards_path: Path | None = None
    standards: Standards | None = None
    try:
        standards_path = resolve(path.parent / audit.standards)
        standards = load_standards(standards_path)
    except PathRefused as refused:
        problems.append(source.problem(("standards",), str(refused)))
    except InputError as error:
        problems += error.problems
    journeys: list[LoadedJourney] = []
    for file in _journey_files(source, audit, path, problems):
        try:
            journeys.append(LoadedJourney(file, load_journey(file, env=env)))
        except InputError as error:
            problems += error.problems
    ids: dict[str, Path] = {}
    for loaded in journeys:
        first = ids.setdefault(loaded.journey.id, loaded.path)
        if first != loaded.path:
            problems.append(
                Problem(
                    display_path(loaded.path),
                    1,
                    1,
                    "id",
                    f"journey id {loaded.journey.id!r} is also used by {first.name}",
                )
            )
    return standards_path, standards, journeys, problems


def _step_count_problems(source: Source, journeys: list[LoadedJourney]) -> list[Problem]:
    """An audit walks every step of every journey: more than MAX_AUDIT_STEPS is a mistake (a
    fragment used inside a fragment used inside..., say), not a plan."""
    total = sum(len(loaded.journey.steps) for loaded in journeys)
    if total <= MAX_AUDIT_STEPS:
        return []
    message = (
        f"the journeys have {total:,} steps in all after expanding fragments; "
        f"an audit walks at most {MAX_AUDIT_STEPS:,}"
    )
    return [source.problem(("journeys",), message)]


def _journey_files(source: Source, audit: Audit, path: Path, problems: list[Problem]) -> list[Path]:
    """The files each glob names, inside the project folder only (a glob such as
    '/proc/**/*.yaml' would read the whole machine)."""
    root = find_root(path)
    files: list[Path] = []
    for index, pattern in enumerate(audit.journeys):
        at: Path_ = ("journeys", index)
        try:
            matched = _glob_in(root, path.parent, pattern)
        except PathRefused as refused:
            problems.append(source.problem(at, f"{pattern[:80]!r}: {refused}"))
            continue
        if not matched:
            problems.append(source.problem(at, f"no journey file matches {pattern!r}"))
        files += [m for m in matched if m not in files]
    return files


def _glob_in(root: Path, folder: Path, pattern: str) -> list[Path]:
    """Journey files matching a glob relative to `folder`, all inside `root`; PathRefused when
    the glob reaches outside it or names more than MAX_JOURNEY_FILES files."""
    start = resolve(folder.joinpath(*_fixed_parts(pattern)))
    if not start.is_relative_to(root):
        raise PathRefused(f"reaches outside the project folder {root}")
    matched: list[Path] = []
    for name in glob.iglob(str(folder / pattern), recursive=True):
        file = Path(name)
        if not file.is_file() or file.parent.name == "fragments":
            continue
        real = resolve(file)
        if not real.is_relative_to(root):
            raise PathRefused(f"{name} reaches outside the project folder {root}")
        matched.append(real)
        if len(matched) > MAX_JOURNEY_FILES:
            raise PathRefused(f"names over {MAX_JOURNEY_FILES:,} files")
    return sorted(matched)


def _fixed_parts(pattern: str) -> list[str]:
    """The leading folders of a glob, before its first wildcard."""
    parts: list[str] = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return parts


def _mapping(source: Source, what: str) -> dict[str, Any]:
    if not isinstance(source.data, dict):
        found = "an empty file" if source.data is None else f"a {type(source.data).__name__}"
        raise InputError(
            [source.problem((), f"expected {what} (a mapping of keys), found {found}")]
        )
    return source.data


def display_path(path: Path) -> str:
    """Paths in messages: relative to where the user stands when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop
        return str(path)


# --- journeys walked on their own -----------------------------------------------------------


def journey_audit(paths: list[Path], base_url: str) -> LoadedAudit:
    """An ad-hoc audit of single journey files, with the project's standards (or the starter
    standards when the journeys stand alone)."""
    root = find_root(paths[0])
    standards_path = root / "standards.yaml"
    if not standards_path.is_file():
        standards_path = _starter_standards()
    try:
        audit = Audit(
            name=paths[0].stem if len(paths) == 1 else "journeys",
            base_url=base_url,
            journeys=[str(p.resolve()) for p in paths],
            output=str((root / "reports").resolve()),
        )
    except ValueError as error:
        raise UsageError(f"--base-url: {_first_error(error)}") from None  # a flag: no line
    journeys = [LoadedJourney(p.resolve(), load_journey(p)) for p in paths]
    return LoadedAudit(
        paths[0].resolve(), audit, load_standards(standards_path), standards_path, journeys
    )


def _first_error(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        found: list[dict[str, Any]] = errors()
        if found:
            return str(found[0].get("msg", error)).removeprefix("Value error, ")
    return str(error)


def _starter_standards() -> Path:
    return Path(
        str(resources.files("selfshop.project.templates").joinpath("project/standards.yaml"))
    )


def load_walkable_journey(path: Path) -> Journey:
    """The journey, even when values only its automated steps type (a test card's secret, say)
    are not set here: a person walks it and selfshop types nothing. Other problems still count."""
    try:
        return load_journey(path)
    except InputError as error:
        if not all(_unset_fill_value(p) for p in error.problems):
            raise
        unset = dict.fromkeys((p.subject for p in error.problems), "")
        return load_journey(path, env={**os.environ, **unset})


def _unset_fill_value(problem: Problem) -> bool:
    return (
        problem.code == "missing-env"
        and bool(problem.subject)
        and problem.field.endswith(".fill.value")
    )
