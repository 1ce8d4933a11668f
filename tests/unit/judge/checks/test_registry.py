"""The registry: parameters, planning, never-crash running, and entry-point plugins."""

from __future__ import annotations

import functools
import importlib
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfshop.errors import EnvironmentProblem
from selfshop.judge.checks import (
    REGISTRY,
    CheckContext,
    CheckParams,
    Outcome,
    check,
    check_step,
    evidence_needed,
    plan,
    prepare_checks,
    validate_params,
)
from selfshop.models import Journey
from selfshop.models.evidence import EvidenceKind
from selfshop.models.results import CheckStatus, Severity

from .conftest import load_evidence, make_standards

BUILT_IN = {
    "safety": {"https", "mixed-content", "security-headers", "cookie-flags", "data-in-url",
               "insecure-credentials", "third-party-forms", "debug-page"},
    "courtesy": {"copy-tone", "readability", "required-phrases", "forbidden-phrases"},
    "inclusion": {"accessibility", "document-language", "accessible-names", "keyboard",
                  "focus-visible", "reflow", "clipped-text", "touch-targets", "label-in-name",
                  "frame-names", "text-language", "orientation",
                  "table-headers", "aria-naming", "autoplay-audio", "text-spacing", "link-text",
                  "readable-text", "css-content", "form-labels", "focus-indicator", "zoom",
                  "enhanced-contrast", "animated-images",
                  "focus-trap", "lens"},
    "show": {"broken-resources", "console-errors", "placeholder-text", "doubled-words",
             "page-title", "http-errors", "layout-overflow"},
    "efficiency": {"step-time", "lcp", "cls", "page-weight", "journey-length", "redirects",
                   "completion"},
}  # fmt: skip


def test_every_built_in_check_is_registered_under_its_standard() -> None:
    for standard, ids in BUILT_IN.items():
        for check_id in ids:
            spec = REGISTRY.get(check_id)
            assert spec is not None, check_id
            assert spec.standard == standard
            assert len(spec.description) > 60, f"{check_id} needs a real description"


def test_validate_params_accepts_good_and_names_bad() -> None:
    assert validate_params("step-time", {"max_seconds": 3}) == []
    assert validate_params("copy-tone", {}) == []
    unknown = validate_params("step-time", {"max_secs": 3})
    assert unknown == [
        "'max_secs' is not a parameter of 'step-time' "
        "(its parameters: weight, max_seconds, default_seconds)"
    ]
    wrong_type = validate_params("step-time", {"max_seconds": "soon"})
    assert len(wrong_type) == 1 and "max_seconds" in wrong_type[0]
    assert "unknown check 'no-such'" in validate_params("no-such", {})[0]


def test_plan_uses_listed_checks_or_all_of_the_standard() -> None:
    standards = make_standards()
    planned = plan(standards)
    ids = {p.check_id for p in planned}
    assert ids == set().union(*BUILT_IN.values())
    listed = make_standards(
        standards=[
            {
                "id": "safety",
                "title": "Safety",
                "checks": ["https", {"security-headers": {"require": ["csp"]}}],
            },
            {"id": "care", "title": "Care"},
        ]
    )
    planned = plan(listed)
    assert [(p.check_id, p.standard, p.params) for p in planned] == [
        ("https", "safety", {}),
        ("security-headers", "safety", {"require": ["csp"]}),
        ("completion", "safety", {}),  # no efficiency standard: the heaviest takes it
        ("lens", "safety", {}),  # nor an inclusion standard
    ]


def test_evidence_needed_follows_the_plan() -> None:
    narrow = make_standards(standards=[{"id": "safety", "title": "S", "checks": ["https"]}])
    assert evidence_needed(narrow) == {EvidenceKind.page}
    assert EvidenceKind.axe in evidence_needed(make_standards())


def test_check_step_applies_standard_and_step_params() -> None:
    standards = make_standards(
        standards=[
            {"id": "efficiency", "title": "E", "checks": [{"step-time": {"max_seconds": 20}}]}
        ]
    )
    journey = Journey.model_validate(
        {
            "id": "guest-checkout",
            "title": "T",
            "start": "/",
            "steps": [
                {"name": "a"},
                {"name": "b"},
                {
                    "name": "Pay",
                    "checks": {"step-time": {"max_seconds": 5}, "placeholder-text": {}},
                },
            ],
        }
    )
    results = {r.check_id: r for r in check_step(load_evidence("flawed_pay"), journey, standards)}
    assert results["step-time"].params == {"max_seconds": 5}
    assert results["step-time"].score == pytest.approx(0.1)  # 14 s against 5 s
    # a check the step asks for runs even though the standards do not list it
    assert results["placeholder-text"].standard == "efficiency"  # 'show' is absent here
    assert results["placeholder-text"].findings


def test_bad_params_at_run_time_become_an_error_result() -> None:
    standards = make_standards(
        standards=[{"id": "efficiency", "title": "E", "checks": [{"lcp": {"good": "fast"}}]}]
    )
    results = check_step(load_evidence("polished_gifts"), None, standards)
    lcp = next(r for r in results if r.check_id == "lcp")
    assert lcp.status is CheckStatus.error and "good" in (lcp.error or "")


def test_a_crashing_check_is_an_error_not_a_crash() -> None:
    class Params(CheckParams):
        pass

    @check("explodes", standard="show", title="Explodes", params=Params)
    def explodes(evidence: object, params: Params, ctx: object) -> Outcome:
        """Always raises."""
        raise RuntimeError("boom")

    try:
        standards = make_standards(standards=[{"id": "show", "title": "S", "checks": ["explodes"]}])
        results = check_step(load_evidence("polished_gifts"), None, standards)
        result = next(r for r in results if r.check_id == "explodes")
        assert result.status is CheckStatus.error
        assert result.error == "the check failed: RuntimeError: boom"
    finally:
        REGISTRY.remove("explodes")


def test_only_the_planned_checks_are_prepared_ahead_of_judging() -> None:
    """A check's `prepare` (its dictionary, say) runs when the standards plan the check."""
    prepared: list[str] = []

    class Params(CheckParams):
        pass

    for check_id in ("reads-a-dictionary", "not-planned"):

        @check(
            check_id,
            standard="show",
            title="Prepared",
            params=Params,
            prepare=functools.partial(prepared.append, check_id),
        )
        def prepared_check(evidence: object, params: Params, ctx: object) -> Outcome:
            """Always fine."""
            return Outcome(1.0)

    try:
        standards = make_standards(
            standards=[{"id": "show", "title": "S", "checks": ["reads-a-dictionary"]}]
        )
        prepare_checks(standards)
        assert prepared == ["reads-a-dictionary"]
    finally:
        REGISTRY.remove("reads-a-dictionary")
        REGISTRY.remove("not-planned")


def test_missing_evidence_on_a_failed_step_is_not_applicable() -> None:
    results = check_step(load_evidence("failed_step"), None, make_standards())
    statuses = {r.check_id: r.status for r in results}
    assert statuses["accessibility"] is CheckStatus.not_applicable
    assert statuses["completion"] is CheckStatus.scored


def test_non_web_channels_run_only_completion_and_guided() -> None:
    results = check_step(load_evidence("guided_phone"), None, make_standards())
    assert {r.check_id for r in results} == {"completion", "guided", "lens"}
    (lens,) = [r for r in results if r.check_id == "lens"]
    assert lens.score is None  # runs wherever a lens walk may be, applies to lens walks only


# --- plugins through the selfshop.checks entry-point group --------------------------------


def _documented_example() -> str:
    """The acme_checks.py example from docs/checks.md, so the documentation is what is tested."""
    docs = (Path(__file__).parents[4] / "docs" / "checks.md").read_text(encoding="utf-8")
    match = re.search(r"```python\n# acme_checks.py\n(.*?)```", docs, re.DOTALL)
    assert match, "docs/checks.md lost its plugin example"
    return match.group(1)


REGISTER_FUNCTION = '''

def register(registry):
    """Entry points may also name a function that receives the registry."""
    from selfshop.judge.checks.registry import CheckSpec
    registry.add(CheckSpec(id="always-fine", standard="show", title="Fine",
                           description="Always fine.", needs=frozenset(), params=CheckParams,
                           run=lambda evidence, params, ctx: Outcome(1.0), source="acme"))
'''
PLUGIN = _documented_example() + REGISTER_FUNCTION


def _install(site: Path, entry_points: str, module: str = PLUGIN) -> None:
    """A real installed distribution: a module plus its .dist-info, as pip would leave them."""
    (site / "acme_checks.py").write_text(module)
    info = site / "acme_checks-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-checks\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    sys.modules.pop("acme_checks", None)
    for check_id in ("brand-name", "always-fine"):
        REGISTRY.remove(check_id)
    REGISTRY.load_plugins(force=True)  # back to what is really installed


def test_an_installed_plugin_registers_checks(site: Path) -> None:
    _install(
        site,
        """
        [selfshop.checks]
        acme = acme_checks
        acme-fn = acme_checks:register
    """,
    )
    loaded = REGISTRY.load_plugins(force=True)
    assert {"acme", "acme-fn"} <= set(loaded)
    spec = REGISTRY.get("brand-name")
    assert spec is not None and spec.source == "acme_checks"
    assert REGISTRY.get("always-fine") is not None
    assert validate_params("brand-name", {"brand": "Zed"}) == []
    standards = make_standards(
        standards=[{"id": "show", "title": "Show", "checks": [{"brand-name": {"brand": "Zed"}}]}]
    )
    results = check_step(load_evidence("polished_gifts"), None, standards)
    brand = next(r for r in results if r.check_id == "brand-name")
    assert brand.score == 0 and brand.findings[0].message == "The page never says Zed."


def test_a_broken_plugin_is_named(site: Path) -> None:
    _install(site, "[selfshop.checks]\nacme = acme_checks\n", module="raise ImportError('nope')\n")
    with pytest.raises(EnvironmentProblem, match=r"check plugin 'acme'.*nope"):
        REGISTRY.load_plugins(force=True)


def test_hygiene_customers_never_see_is_marked_unseen_on_its_findings() -> None:
    behind = {c.id for c in REGISTRY.all() if c.unseen}
    assert {"security-headers", "cookie-flags", "data-in-url"} <= behind
    assert not behind & {"placeholder-text", "console-errors", "accessibility", "keyboard"}
    ctx = CheckContext(
        check_id="security-headers", standard="safety", standards=make_standards(), unseen=True
    )
    assert ctx.finding(Severity.major, "No CSP.", subject="csp").unseen


def test_findings_carry_the_act_rules_their_check_declares_unless_a_finding_narrows_them() -> None:
    class Params(CheckParams):
        pass

    @check("spacing-probe", standard="show", title="Probe", params=Params, act_rules=["24afc2"])
    def probe(evidence: object, params: Params, ctx: CheckContext) -> Outcome:
        """Finds two things: one of its declared rule, one of no ACT rule."""
        return Outcome(
            0.5,
            [
                ctx.finding(Severity.minor, "Declared.", subject="a"),
                ctx.finding(Severity.minor, "Narrowed.", subject="b", act_rules=[]),
            ],
        )

    try:
        standards = make_standards(
            standards=[{"id": "show", "title": "S", "checks": ["spacing-probe"]}]
        )
        results = check_step(load_evidence("polished_gifts"), None, standards)
        result = next(r for r in results if r.check_id == "spacing-probe")
        assert [f.act_rules for f in result.findings] == [["24afc2"], []]
        assert REGISTRY.get("spacing-probe").act_rules == ("24afc2",)  # type: ignore[union-attr]
    finally:
        REGISTRY.remove("spacing-probe")
