"""The check registry: every check's id, default standard, evidence needs, parameters and function.

Checks are small pure functions of one step's evidence (like Lighthouse audits): they declare the
evidence they need, take their parameters as a pydantic model with defaults, and return a score
0-1 with findings. Built-ins register on import; organisations add their own through the
``selfshop.checks`` entry-point group without forking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from types import ModuleType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from selfshop.errors import EnvironmentProblem
from selfshop.judge.checks.severity import cites_wcag_a_aa
from selfshop.models.evidence import Box, EvidenceKind, StepEvidence
from selfshop.models.journey import Journey, Step
from selfshop.models.results import Finding, FindingEvidence, Severity
from selfshop.models.standards import Standards

ENTRY_POINT_GROUP = "selfshop.checks"


class CheckParams(BaseModel):
    """Parameters every check accepts; each check's own parameters extend this model."""

    model_config = ConfigDict(extra="forbid")

    weight: float = Field(1, ge=0, description="How much this check counts within its standard")


P = TypeVar("P", bound=CheckParams)


@dataclass
class CheckContext:
    """What a check knows besides the evidence: the journey, its step, and the standards."""

    check_id: str
    standard: str
    standards: Standards
    journey: Journey | None = None
    step: Step | None = None
    unseen: bool = False  # the check's findings are hygiene customers never see (CheckSpec)
    act_rules: tuple[str, ...] = ()  # the W3C ACT rules the check implements (CheckSpec)

    @property
    def is_last_step(self) -> bool:
        return self.journey is not None and self.step is self.journey.steps[-1]

    def finding(
        self,
        severity: Severity,
        message: str,
        *,
        subject: str,
        fix: str = "",
        references: Iterable[str] = (),
        selector: str | None = None,
        excerpt: str | None = None,
        url: str | None = None,
        box: Box | None = None,
        barrier: bool | None = None,
        act_rules: Iterable[str] | None = None,
    ) -> Finding:
        """A finding of this check; ``subject`` names what it is about, for a stable key, and
        ``box`` where it is on the page (the report shows that part of the screenshot).
        ``barrier``: does it fail a WCAG A/AA criterion (by default: does it cite one)?
        ``act_rules``: the W3C ACT rules this finding fails, when only some of the check's."""
        refs = list(references)
        if barrier is None:
            barrier = severity is not Severity.info and cites_wcag_a_aa(refs)
        return Finding(
            check_id=self.check_id,
            standard=self.standard,
            severity=severity,
            message=message,
            fix=fix,
            evidence=FindingEvidence(selector=selector, excerpt=excerpt, url=url, box=box),
            references=refs,
            key=finding_key(self.check_id, subject),
            wcag_barrier=barrier,
            unseen=self.unseen,
            act_rules=list(self.act_rules if act_rules is None else act_rules),
        )


class MissingEvidence(Exception):
    """Raised by a check when evidence it needs is absent: the result is an error, not a crash."""


@dataclass
class Outcome:
    """What a check returns: a score 0-1 (None: the check does not apply here) and findings."""

    score: float | None
    findings: list[Finding] = field(default_factory=list)
    reason: str | None = None  # why it does not apply, when score is None
    weight: float | None = None  # overrides the weight parameter for this result

    @classmethod
    def not_applicable(cls, reason: str) -> Outcome:
        return cls(score=None, reason=reason)


CheckFunction = Callable[[StepEvidence, P, CheckContext], Outcome]


@dataclass(frozen=True)
class CheckSpec(Generic[P]):
    id: str
    standard: str
    title: str
    description: str
    needs: frozenset[EvidenceKind]
    params: type[P]
    run: CheckFunction[P]
    references: tuple[str, ...] = ()
    source: str = "built-in"
    always: bool = False  # runs on every step whatever the standards list (completion)
    # Evidence read when another check had it gathered; its absence is no error.
    uses: frozenset[EvidenceKind] = frozenset()
    # What it finds is hygiene customers never see on the page: fix-first ranks it last.
    unseen: bool = False
    # The W3C ACT rules whose logic the check implements (their ids, e.g. "2ee8b8").
    act_rules: tuple[str, ...] = ()
    # Loads what the check reads (a dictionary, language profiles) before any step is judged.
    prepare: Callable[[], object] | None = None

    @property
    def sees(self) -> frozenset[EvidenceKind]:
        """The kinds of evidence this check is shown: what it needs and what it uses."""
        return self.needs | self.uses

    def parse_params(self, params: dict[str, Any]) -> P:
        return self.params.model_validate(params)

    def param_docs(self) -> list[tuple[str, str, str]]:
        """(name, default, description) of each parameter, for listings and docs."""
        rows = []
        for name, info in self.params.model_fields.items():
            default = info.get_default(call_default_factory=True)
            rows.append((name, repr(default), info.description or ""))
        return rows


def finding_key(check_id: str, subject: str) -> str:
    """A stable identity for a finding across runs: check id plus a normalised subject."""
    normal = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-")
    return f"{check_id}:{normal[:120]}" if normal else check_id


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec[Any]] = {}
        self._plugins_loaded = False

    def add(self, spec: CheckSpec[Any]) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", spec.id):
            raise ValueError(f"check id {spec.id!r} must be lower-case words joined by '-'")
        existing = self._checks.get(spec.id)
        if existing is not None and existing.run is not spec.run:
            raise EnvironmentProblem(
                f"two checks claim the id {spec.id!r} ({existing.source} and {spec.source})"
            )
        self._checks[spec.id] = spec

    def get(self, check_id: str) -> CheckSpec[Any] | None:
        self.load_plugins()
        return self._checks.get(check_id)

    def all(self) -> list[CheckSpec[Any]]:
        self.load_plugins()
        return list(self._checks.values())

    def remove(self, check_id: str) -> None:
        self._checks.pop(check_id, None)

    def load_plugins(self, *, force: bool = False) -> list[str]:
        """Load every ``selfshop.checks`` entry point once; return the names loaded.

        An entry point may name a module (importing it registers its checks with ``@check``)
        or a function, which is called with this registry.
        """
        if self._plugins_loaded and not force:
            return []
        self._plugins_loaded = True
        loaded = []
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                target = entry.load()
                if not isinstance(target, ModuleType) and callable(target):
                    target(self)
            except EnvironmentProblem:
                raise
            except Exception as error:  # a broken plugin must be named, not half-loaded
                raise EnvironmentProblem(
                    f"the check plugin {entry.name!r} ({entry.value}) failed to load: "
                    f"{type(error).__name__}: {error}"
                ) from error
            loaded.append(entry.name)
        return loaded


REGISTRY = Registry()


def check(
    id: str,
    *,
    standard: str,
    title: str,
    needs: Iterable[EvidenceKind] = (),
    params: type[P],
    references: Iterable[str] = (),
    always: bool = False,
    uses: Iterable[EvidenceKind] = (),
    unseen: bool = False,
    act_rules: Iterable[str] = (),
    prepare: Callable[[], object] | None = None,
    registry: Registry | None = None,
) -> Callable[[CheckFunction[P]], CheckFunction[P]]:
    """Register a check; its docstring is its one-paragraph description.

    The check is shown only the evidence it declares: the kinds it `needs` (an error result
    when one is missing) and those it `uses` when some other check had them gathered.
    `unseen`: its findings are hygiene no customer meets on the page (a missing header), so
    the fix-first list puts them after everything customers do meet.
    `act_rules`: the W3C ACT rules whose logic it implements; its findings carry them.
    `prepare`: loads what it reads (slow to load, same for every step), so a run can load it
    while the browser starts rather than at the first step judged.
    """

    def register(function: CheckFunction[P]) -> CheckFunction[P]:
        description = " ".join((function.__doc__ or title).split())
        module = getattr(function, "__module__", "")
        spec = CheckSpec(
            id=id,
            standard=standard,
            title=title,
            description=description,
            needs=frozenset(needs),
            params=params,
            run=function,
            references=tuple(references),
            source="built-in" if module.startswith("selfshop.") else module,
            always=always,
            uses=frozenset(uses),
            unseen=unseen,
            act_rules=tuple(act_rules),
            prepare=prepare,
        )
        (registry or REGISTRY).add(spec)
        return function

    return register


def validate_params(check_id: str, params: dict[str, Any]) -> list[str]:
    """Plain-words problems with parameters given to a check (empty list: all good).

    The loader calls this for standards.yaml ``checks`` and journey step ``checks`` and adds
    the file location to each message.
    """
    spec = REGISTRY.get(check_id)
    if spec is None:
        known = ", ".join(sorted(s.id for s in REGISTRY.all()))
        return [f"unknown check {check_id!r}; known checks: {known}"]
    if not isinstance(params, dict):
        return [f"parameters of {check_id!r} must be a mapping of name: value"]
    try:
        spec.parse_params(params)
    except ValidationError as error:
        return [_param_message(spec, e) for e in error.errors()]
    return []


def _param_message(spec: CheckSpec[Any], error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        names = ", ".join(spec.params.model_fields) or "none"
        return f"{where!r} is not a parameter of {spec.id!r} (its parameters: {names})"
    return f"{spec.id}: {where}: {error['msg']}"
