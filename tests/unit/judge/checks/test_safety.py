"""Safety checks on saved evidence: https, mixed content, headers, cookies, URLs, forms."""

from __future__ import annotations

from selfshop.models.evidence import CookieRecord, InputRecord, RequestRecord
from selfshop.models.results import CheckStatus, Severity

from .conftest import RunOne, load_evidence


def severities(result: object) -> list[str]:
    return [f.severity.value for f in result.findings]  # type: ignore[attr-defined]


def test_https_passes_on_a_secure_page(run_one: RunOne) -> None:
    result = run_one("https", load_evidence("polished_gifts"))
    assert result.status is CheckStatus.scored and result.score == 1
    assert result.findings == []


def test_https_fails_on_a_plain_http_site(run_one: RunOne) -> None:
    result = run_one("https", load_evidence("flawed_pay"))
    assert result.score == 0
    assert severities(result) == ["major"]
    assert "unencrypted" in result.findings[0].message


def test_https_allows_localhost_and_says_so(run_one: RunOne) -> None:
    result = run_one("https", load_evidence("empty_page"))
    assert result.score == 1
    assert severities(result) == ["info"]
    assert "allowed because it is a local" in result.findings[0].message


def test_https_local_allowance_can_be_turned_off(run_one: RunOne) -> None:
    result = run_one("https", load_evidence("empty_page"), {"allow_local": False})
    assert result.score == 0


def test_mixed_content_finds_http_parts_of_a_https_page(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.requests.append(
        RequestRecord(url="http://cdn.example.test/lib.js", resource_type="script", status=200)
    )
    evidence.requests.append(
        RequestRecord(url="http://cdn.example.test/a.png", resource_type="image", status=200)
    )
    result = run_one("mixed-content", evidence)
    assert sorted(severities(result)) == ["major", "minor"]
    assert result.score is not None and result.score < 1


def test_mixed_content_does_not_apply_to_http_pages(run_one: RunOne) -> None:
    result = run_one("mixed-content", load_evidence("flawed_pay"))
    assert result.status is CheckStatus.not_applicable


def test_security_headers_all_present(run_one: RunOne) -> None:
    result = run_one("security-headers", load_evidence("polished_gifts"))
    assert result.score == 1 and result.findings == []


def test_security_headers_missing_and_hsts_explained_on_http(run_one: RunOne) -> None:
    result = run_one("security-headers", load_evidence("flawed_pay"))
    assert result.score == 0.2  # of five protections, only "no version banners" holds
    messages = " ".join(f.message for f in result.findings)
    assert "Content-Security-Policy" in messages and "Referrer-Policy" in messages
    hsts = [f for f in result.findings if "HSTS" in f.message]
    assert hsts and hsts[0].severity is Severity.info
    assert "only means something on https" in hsts[0].message


def test_security_headers_frame_ancestors_counts_as_framing(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    assert "x-frame-options" not in evidence.headers
    result = run_one("security-headers", evidence, {"require": ["framing"]})
    assert result.score == 1


def test_security_headers_unknown_protection_is_an_error_not_a_crash(run_one: RunOne) -> None:
    result = run_one("security-headers", load_evidence("polished_gifts"), {"require": ["xyz"]})
    assert result.status is CheckStatus.error
    assert "xyz" in (result.error or "")


def test_cookie_flags(run_one: RunOne) -> None:
    assert run_one("cookie-flags", load_evidence("polished_gifts")).score == 1
    flawed = run_one("cookie-flags", load_evidence("flawed_pay"))
    assert severities(flawed) == ["major"]
    assert "HttpOnly" in flawed.findings[0].message
    assert flawed.findings[0].key == "cookie-flags:session"


def test_cookie_flags_no_cookies_is_not_applicable(run_one: RunOne) -> None:
    result = run_one("cookie-flags", load_evidence("empty_page"))
    assert result.status is CheckStatus.not_applicable


def test_cookie_flags_samesite_none_needs_secure(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.cookies = [CookieRecord(name="prefs", secure=False, http_only=True, same_site="None")]
    result = run_one("cookie-flags", evidence)
    assert "SameSite=None requires" in result.findings[0].message


def test_data_in_url_finds_email_and_card_and_masks_them(run_one: RunOne) -> None:
    result = run_one("data-in-url", load_evidence("flawed_pay"))
    kinds = {f.severity.value: f for f in result.findings}
    assert "blocker" in kinds  # the card number
    assert any("email" in f.message for f in result.findings)
    for finding in result.findings:
        assert "4111" not in (finding.evidence.url or "")
        assert "jo%40example" not in (finding.evidence.url or "")
    assert result.score == 0


def test_data_in_url_token_on_third_party_is_major(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.requests.append(RequestRecord(url="https://ads.example.test/p?token=abc"))
    result = run_one("data-in-url", evidence)
    assert severities(result) == ["major"]


def test_data_in_url_allow_keys(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", url="https://shop.example.test/reset?token=abc")
    assert severities(run_one("data-in-url", evidence)) == ["minor"]
    assert run_one("data-in-url", evidence, {"allow_keys": ["token"]}).findings == []


def test_data_in_url_ignores_ordinary_numbers(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", url="https://shop.example.test/p?id=1234567890123")
    assert run_one("data-in-url", evidence).findings == []  # fails the Luhn test


def test_insecure_credentials_on_http_is_a_blocker(run_one: RunOne) -> None:
    result = run_one("insecure-credentials", load_evidence("flawed_pay"))
    assert result.score == 0
    assert set(severities(result)) == {"blocker"}
    assert {f.evidence.selector for f in result.findings} == {"input#card", "input#pw"}


def test_insecure_credentials_local_is_info(run_one: RunOne) -> None:
    evidence = load_evidence("flawed_pay", url="http://127.0.0.1:8000/pay")
    result = run_one("insecure-credentials", evidence)
    assert result.score == 1 and severities(result) == ["info"]


def test_insecure_credentials_not_applicable_without_such_fields(run_one: RunOne) -> None:
    result = run_one("insecure-credentials", load_evidence("polished_gifts"))
    assert result.status is CheckStatus.not_applicable


def test_third_party_forms(run_one: RunOne) -> None:
    result = run_one("third-party-forms", load_evidence("flawed_pay"))
    assert severities(result) == ["major"]
    assert "collect.tracker.test" in result.findings[0].message
    allowed = run_one(
        "third-party-forms",
        load_evidence("flawed_pay"),
        {"allowed_origins": ["http://collect.tracker.test"]},
    )
    assert allowed.findings == [] and allowed.score == 1


def test_third_party_forms_same_origin_post_is_fine(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.requests.append(
        RequestRecord(url="https://shop.example.test/api/order", method="POST", has_body=True)
    )
    assert run_one("third-party-forms", evidence).score == 1


def test_security_headers_flag_version_banners(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.headers["server"] = "Apache/2.2.15 (CentOS)"
    result = run_one("security-headers", evidence)
    assert [f.key for f in result.findings] == ["security-headers:disclosure"]
    evidence.headers["server"] = "AcmeShop"
    assert run_one("security-headers", evidence).findings == []


def test_a_password_shown_as_typed_is_major_even_locally(run_one: RunOne) -> None:
    evidence = load_evidence("empty_page")
    evidence.inputs = [
        InputRecord(
            selector="#password",
            type="text",
            name="password",
            autocomplete="off",
            accessible_name="Password",
        )
    ]
    result = run_one("insecure-credentials", evidence)
    assert sorted(f.severity.value for f in result.findings) == ["info", "major"]
    assert "shows the password as it is typed" in result.findings[0].message
