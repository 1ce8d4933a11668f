"""No page, however strange, makes a check crash: every check copes with any evidence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfshop.judge.checks import check_step
from selfshop.models.evidence import (
    AxeNode,
    AxeViolation,
    ConsoleEntry,
    ControlRecord,
    CookieRecord,
    EvidenceKind,
    ImageRecord,
    InputRecord,
    Reflow,
    RequestRecord,
    StepEvidence,
    StepStatus,
    Timings,
)
from selfshop.models.results import CheckStatus

from .conftest import make_standards

texts = st.text(max_size=300)
urls = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "http://[::1",
            "https://shop.test/p?email=a%40b.co&card=4111 1111 1111 1111",
            "http://127.0.0.1:0/",
            "javascript:alert(1)",
            "data:text/html,hi",
            "",
            "https://",
            "http://exa mple.com/?q=%ZZ",
            "https://shop.test:99999/",
        ]
    ),
)
numbers = st.one_of(
    st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e9)
)
evidence = st.builds(
    StepEvidence,
    journey_id=st.just("j"),
    step_index=st.integers(0, 3),
    step_name=texts,
    device=st.sampled_from(["desktop", "mobile"]),
    status=st.one_of(st.just(StepStatus.passed), st.sampled_from(list(StepStatus))),
    gathered=st.one_of(
        st.just(list(EvidenceKind)), st.lists(st.sampled_from(list(EvidenceKind)), unique=True)
    ),
    url=st.one_of(st.none(), urls),
    title=st.one_of(st.none(), texts),
    status_code=st.one_of(st.none(), st.integers(0, 999)),
    redirects=st.lists(urls, max_size=4),
    lang=st.one_of(st.none(), st.sampled_from(["en", "de-DE", "ja", "xx-!!", ""]), texts),
    text=texts,
    headers=st.dictionaries(
        st.sampled_from(
            ["server", "content-security-policy", "x-frame-options", "referrer-policy"]
        ),
        texts,
    ),
    timings=st.builds(Timings, lcp_ms=numbers, cls=numbers, felt_ms=numbers),
    requests=st.lists(
        st.builds(
            RequestRecord,
            url=urls,
            method=st.sampled_from(["GET", "POST"]),
            resource_type=st.sampled_from(["image", "script", "fetch", "document", "other"]),
            status=st.one_of(st.none(), st.integers(0, 999)),
            bytes=st.integers(0, 10**9),
            failure=st.one_of(st.none(), texts),
            has_body=st.booleans(),
        ),
        max_size=5,
    ),
    console=st.lists(
        st.builds(
            ConsoleEntry, level=st.sampled_from(["error", "pageerror", "dialog", "log"]), text=texts
        ),
        max_size=3,
    ),
    cookies=st.lists(
        st.builds(
            CookieRecord,
            name=texts,
            secure=st.booleans(),
            http_only=st.booleans(),
            same_site=st.one_of(st.none(), st.sampled_from(["None", "Lax"])),
        ),
        max_size=3,
    ),
    images=st.lists(st.builds(ImageRecord, src=urls, broken=st.booleans()), max_size=3),
    inputs=st.lists(
        st.builds(
            InputRecord,
            selector=texts,
            type=st.sampled_from(["text", "password", "email", "hidden"]),
            name=st.one_of(st.none(), texts),
        ),
        max_size=3,
    ),
    axe=st.one_of(
        st.none(),
        st.lists(
            st.builds(
                AxeViolation,
                id=texts,
                impact=st.one_of(
                    st.none(),
                    st.sampled_from(["critical", "serious", "moderate", "minor", "weird"]),
                ),
                tags=st.lists(texts, max_size=3),
                nodes=st.lists(st.builds(AxeNode, target=st.lists(texts, max_size=2)), max_size=2),
            ),
            max_size=3,
        ),
    ),
    controls=st.lists(
        st.builds(
            ControlRecord,
            selector=texts,
            accessible_name=st.one_of(st.none(), texts),
            width=numbers,
            height=numbers,
            used=st.booleans(),
            keyboard_reachable=st.one_of(st.none(), st.booleans()),
            focus_visible=st.one_of(st.none(), st.booleans()),
        ),
        max_size=4,
    ),
    reflow=st.one_of(
        st.none(), st.builds(Reflow, scroll_width=st.integers(0, 5000), overflows=st.booleans())
    ),
    layout=st.one_of(
        st.none(),
        st.builds(Reflow, viewport_width=st.integers(1, 2000), scroll_width=st.integers(0, 5000)),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evidence)
def test_no_check_crashes_on_any_evidence(step: StepEvidence) -> None:
    standards = make_standards(voice={"forbidden": ["sorry"], "required": {"x": ["thanks"]}})
    for result in check_step(step, None, standards):
        assert not (result.error or "").startswith("the check failed"), (
            result.check_id,
            result.error,
        )
        if result.status is CheckStatus.scored:
            assert result.score is not None and 0 <= result.score <= 1
