"""Safety: customers' data and money are protected at every step."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pydantic import Field

from selfshop.judge.checks._util import (
    is_local,
    is_web_url,
    origin_of,
    penalised,
    scheme_of,
    score_by_severity,
    short,
    with_article,
)
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.models.evidence import EvidenceKind, InputRecord, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "safety"


class HttpsParams(CheckParams):
    allow_local: bool = Field(True, description="Accept plain http on localhost and 127.0.0.1")


@check(
    "https",
    standard=STANDARD,
    title="The page is served over HTTPS",
    needs=[E.page],
    params=HttpsParams,
    references=["OWASP ASVS 9.1.1"],
)
def https(evidence: StepEvidence, params: HttpsParams, ctx: CheckContext) -> Outcome:
    """Every page a customer sees must arrive over HTTPS, so nobody on the same network can read
    or change it. Plain http on localhost or 127.0.0.1 is allowed (a test or demo server) and
    reported as information, so a report never hides that the page was not encrypted."""
    url = evidence.url
    if not is_web_url(url):
        return Outcome.not_applicable("the step has no web page")
    if scheme_of(url) == "https":
        return Outcome(1.0)
    if params.allow_local and is_local(url):
        note = ctx.finding(
            Severity.info,
            "The page is not encrypted (plain http), allowed because it is a local test server.",
            subject="local-http",
            fix="Serve the live site over HTTPS.",
            url=url,
        )
        return Outcome(1.0, [note])
    problem = ctx.finding(
        Severity.major,
        "The page is sent unencrypted (http, not https): others on the network can read it.",
        subject=origin_of(url),
        fix="Serve every page over HTTPS and redirect http to https.",
        url=url,
        references=["OWASP ASVS 9.1.1"],
    )
    return Outcome(0.0, [problem])


class MixedContentParams(CheckParams):
    pass


ACTIVE_TYPES = {"script", "stylesheet", "xhr", "fetch", "websocket", "document", "font"}


@check(
    "mixed-content",
    standard=STANDARD,
    title="A secure page loads nothing over plain http",
    needs=[E.page, E.network],
    params=MixedContentParams,
    unseen=True,  # behind the page: customers never see it
    references=["W3C Mixed Content"],
)
def mixed_content(evidence: StepEvidence, params: MixedContentParams, ctx: CheckContext) -> Outcome:
    """An HTTPS page that loads scripts, styles, images or data over plain http is only as safe
    as its weakest part: the browser shows a warning or blocks the part. Scripts, styles and
    data are major; images and media are minor."""
    if scheme_of(evidence.url) != "https":
        return Outcome.not_applicable("the page itself is not served over https")
    findings = []
    for request in evidence.requests:
        if scheme_of(request.url) not in ("http", "ws"):
            continue
        active = request.resource_type in ACTIVE_TYPES
        findings.append(
            ctx.finding(
                Severity.major if active else Severity.minor,
                f"This secure page loads {with_article(request.resource_type)} over plain http.",
                subject=request.url.split("?")[0],
                fix="Load every resource over https (or a relative URL).",
                url=mask_url(request.url),
                references=["W3C Mixed Content"],
            )
        )
    return Outcome(_score(findings), findings)


HEADER_RULES: dict[str, tuple[str, Severity, str]] = {
    "csp": ("Content-Security-Policy", Severity.major, "limits what scripts may run"),
    "hsts": ("Strict-Transport-Security", Severity.minor, "keeps browsers on https"),
    "nosniff": ("X-Content-Type-Options: nosniff", Severity.minor, "stops type guessing"),
    "framing": (
        "frame-ancestors (CSP) or X-Frame-Options",
        Severity.minor,
        "stops other sites framing the page to trick clicks",
    ),
    "referrer": ("Referrer-Policy", Severity.minor, "keeps page addresses private"),
    "disclosure": ("Server and X-Powered-By without versions", Severity.minor, ""),
}


class SecurityHeadersParams(CheckParams):
    require: list[str] = Field(
        default_factory=lambda: list(HEADER_RULES),
        description="Protections to require: csp, hsts, nosniff, framing, referrer, disclosure",
    )


@check(
    "security-headers",
    standard=STANDARD,
    title="The page sends the standard protective headers",
    needs=[E.page],
    params=SecurityHeadersParams,
    unseen=True,  # behind the page: customers never see it
    references=["OWASP Secure Headers Project", "MDN HTTP headers"],
)
def security_headers(
    evidence: StepEvidence, params: SecurityHeadersParams, ctx: CheckContext
) -> Outcome:
    """The main document should carry Content-Security-Policy, Strict-Transport-Security (only
    meaningful on https: on an http page it is reported as not checked), X-Content-Type-Options:
    nosniff, frame-ancestors or X-Frame-Options against click-jacking, and a Referrer-Policy;
    and its Server and X-Powered-By headers should not announce software versions. The score
    is the share of required protections present; a missing CSP is major, the rest minor."""
    if not is_web_url(evidence.url) or evidence.status_code is None:
        return Outcome.not_applicable("no main document response was recorded")
    unknown = [r for r in params.require if r not in HEADER_RULES]
    if unknown:
        raise ValueError(f"unknown protections {unknown}: use {', '.join(HEADER_RULES)}")
    headers = {k.lower(): v for k, v in evidence.headers.items()}
    findings: list[Finding] = []
    applicable = passed = 0
    for rule in params.require:
        if rule == "hsts" and scheme_of(evidence.url) != "https":
            findings.append(
                ctx.finding(
                    Severity.info,
                    "HSTS was not checked: it only means something on https pages.",
                    subject="hsts-not-https",
                    url=evidence.url,
                )
            )
            continue
        applicable += 1
        if _has_protection(rule, headers):
            passed += 1
            continue
        name, severity, why = HEADER_RULES[rule]
        message, fix = (
            f"The page does not send {name}, which {why}.",
            f"Send {name} with every page.",
        )
        if rule == "disclosure":
            message = (
                "The server announces its software and version, telling attackers which "
                "known weaknesses to try."
            )
            fix = "Remove the version from the Server header and drop X-Powered-By."
        findings.append(
            ctx.finding(
                severity,
                message,
                subject=rule,
                fix=fix,
                url=evidence.url,
                references=["OWASP Secure Headers Project"],
            )
        )
    score = passed / applicable if applicable else None
    return Outcome(score, findings, None if applicable else "no protection applies here")


def _has_protection(rule: str, headers: dict[str, str]) -> bool:
    csp = headers.get("content-security-policy", "")
    if rule == "csp":
        return bool(csp.strip())
    if rule == "hsts":
        return "max-age" in headers.get("strict-transport-security", "").lower()
    if rule == "nosniff":
        return headers.get("x-content-type-options", "").strip().lower() == "nosniff"
    if rule == "framing":
        xfo = headers.get("x-frame-options", "").strip().lower()
        return "frame-ancestors" in csp.lower() or xfo in ("deny", "sameorigin")
    if rule == "disclosure":
        banners = (headers.get("server", ""), headers.get("x-powered-by", ""))
        return not any(re.search(r"\d+\.\d+", banner) for banner in banners)
    referrer = headers.get("referrer-policy", "").strip().lower()
    return bool(referrer) and "unsafe-url" not in referrer


class CookieFlagsParams(CheckParams):
    sensitive_names: str = Field(
        r"sess|auth|token|sid|jwt|login|user|cart|basket|csrf|xsrf",
        description="Regular expression (case-insensitive) for cookies that identify a customer",
    )
    max_cookies: int = Field(
        50, ge=1, description="More cookies than this on one address is a flood"
    )
    script_readable: str = Field(
        r"csrf|xsrf",
        description="Regular expression (case-insensitive) for cookies the page's own scripts "
        "must read (double-submit CSRF tokens): HttpOnly is not asked of them",
    )


@check(
    "cookie-flags",
    standard=STANDARD,
    title="Cookies carry Secure, HttpOnly and SameSite",
    needs=[E.cookies, E.page],
    params=CookieFlagsParams,
    unseen=True,  # behind the page: customers never see it
    references=["RFC 6265bis", "OWASP Session Management"],
)
def cookie_flags(evidence: StepEvidence, params: CookieFlagsParams, ctx: CheckContext) -> Outcome:
    """Cookies that identify a customer (session, login, basket) must be HttpOnly so scripts
    cannot steal them, Secure on https sites so they never travel unencrypted, and carry a
    SameSite policy; SameSite=None without Secure is rejected by browsers. A framework's CSRF
    cookie (csrftoken, XSRF-TOKEN: the `script_readable` parameter) is read by the page's own
    scripts by design, so HttpOnly is not asked of it. On a local http test server the Secure
    flag is not asked for. A flood of cookies (over `max_cookies`) is major: every request
    carries them, and servers refuse requests whose headers grow too large. Cookie values are
    never stored."""
    if not evidence.cookies:
        return Outcome.not_applicable("the site set no cookies")
    sensitive = re.compile(params.sensitive_names, re.IGNORECASE)
    readable = re.compile(params.script_readable, re.IGNORECASE)
    secure_expected = scheme_of(evidence.url) == "https" or not is_local(evidence.url)
    findings = []
    if len(evidence.cookies) > params.max_cookies:
        findings.append(
            ctx.finding(
                Severity.major,
                f"The site set {len(evidence.cookies)} cookies on this page's address (more "
                f"than {params.max_cookies}): every request carries them all.",
                subject="cookie flood",
                fix="Keep a handful of cookies; store the rest on the server.",
            )
        )
    for cookie in evidence.cookies:
        is_sensitive = bool(sensitive.search(cookie.name))
        problems = []
        if is_sensitive and not cookie.http_only and not readable.search(cookie.name):
            problems.append("HttpOnly (scripts can read it)")
        if secure_expected and not cookie.secure:
            problems.append("Secure (it can travel unencrypted)")
        same_site = (cookie.same_site or "").lower()
        if same_site == "none" and not cookie.secure:
            problems.append("Secure, which SameSite=None requires")
        elif not same_site:
            problems.append("a SameSite policy")
        if problems:
            severity = Severity.major if is_sensitive else Severity.minor
            findings.append(
                ctx.finding(
                    severity,
                    f"The cookie '{short(cookie.name, 40)}' is missing {'; '.join(problems)}.",
                    subject=cookie.name,
                    fix="Set cookies with Secure; HttpOnly; SameSite=Lax (or Strict).",
                    excerpt=cookie.name,
                    references=["RFC 6265bis"],
                )
            )
    flawed = sum(1.0 if f.severity is Severity.major else 0.5 for f in findings)
    return Outcome(penalised(flawed / len(evidence.cookies)), findings)


class DataInUrlParams(CheckParams):
    allow_keys: list[str] = Field(
        default_factory=list, description="Query keys that may carry data (e.g. a reset token)"
    )


SECRET_KEYS = re.compile(
    r"^(pass(word)?|passwd|pwd|pin|card(number|_number|-number)?|cc(num)?|"
    r"cvv|cvc|csc|pan|ssn|iban)$",
    re.IGNORECASE,
)
TOKEN_KEYS = re.compile(
    r"(token|secret|api[_-]?key|session|sessid|auth|access[_-]?key)", re.IGNORECASE
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


@check(
    "data-in-url",
    standard=STANDARD,
    title="No personal data or secrets in web addresses",
    needs=[E.page, E.network],
    params=DataInUrlParams,
    unseen=True,  # behind the page: customers never see it
    references=["OWASP ASVS 8.3.1", "CWE-598"],
)
def data_in_url(evidence: StepEvidence, params: DataInUrlParams, ctx: CheckContext) -> Outcome:
    """Web addresses end up in browser history, server logs and other sites' referrer logs, so
    they must never carry passwords, card numbers (digit runs passing the Luhn test), email
    addresses or access tokens. Passwords and card numbers are blockers; email addresses are
    major; tokens are major when sent to another site and minor on the site's own pages.
    Values are masked in the report."""
    page_origin = origin_of(evidence.url)
    urls = [u for u in [evidence.url, *evidence.redirects] if u]
    urls += [r.url for r in evidence.requests]
    findings: dict[str, Finding] = {}
    allowed = {k.lower() for k in params.allow_keys}
    for url in dict.fromkeys(urls):
        elsewhere = bool(page_origin) and origin_of(url) != page_origin
        for kind, severity in _leaks(url, allowed, elsewhere):
            subject = f"{kind} {urlsplit(url).path}"
            if subject in findings:
                continue
            where = "sent to another site in a web address" if elsewhere else "in a web address"
            findings[subject] = ctx.finding(
                severity,
                f"{with_article(kind).capitalize()} is {where}, where logs and history keep it.",
                subject=subject,
                fix="Send personal data and secrets in the body of a POST request, never in URLs.",
                url=mask_url(url),
                references=["OWASP ASVS 8.3.1", "CWE-598"],
            )
    found = list(findings.values())
    return Outcome(_score(found), found)


def _leaks(url: str, allowed: set[str], elsewhere: bool) -> list[tuple[str, Severity]]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    leaks = []
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() in allowed or not value:
            continue
        if SECRET_KEYS.match(key) or _card_like(value):
            leaks.append(("password or card number", Severity.blocker))
        elif EMAIL.search(value):
            leaks.append(("email address", Severity.major))
        elif TOKEN_KEYS.search(key):
            leaks.append(("access token", Severity.major if elsewhere else Severity.minor))
    if EMAIL.search(parts.path):
        leaks.append(("email address", Severity.major))
    return leaks


def _card_like(value: str) -> bool:
    for match in CARD_LIKE.finditer(value):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            return True
    return False


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def mask_url(url: str) -> str:
    """The URL with every query value replaced, so reports never repeat customer data."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return short(url)
    if not parts.query:
        return url
    masked = "&".join(f"{k}=•••" for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, masked, ""))


class InsecureCredentialsParams(CheckParams):
    allow_local: bool = Field(True, description="Accept plain http on localhost and 127.0.0.1")


# Fields a customer types into; a radio button or a checkbox is never a password or a card
# number, whatever its label says ("…and my password is", "Save my card").
TYPED_FIELDS = frozenset({"text", "password", "email", "tel", "number", "search", "textarea"})


def _is_credential(field: InputRecord) -> str | None:
    if field.type == "password":
        return "password"
    if field.type not in TYPED_FIELDS:
        return None
    autocomplete = (field.autocomplete or "").lower()
    name = f"{field.name or ''} {field.accessible_name or ''}".lower()
    if "password" in autocomplete or "password" in name:
        return "password"
    if autocomplete.startswith("cc-") or re.search(r"card|cvv|cvc|security code", name):
        return "card"
    return None


@check(
    "insecure-credentials",
    standard=STANDARD,
    title="Passwords and card details are only asked for on secure pages",
    needs=[E.page],
    params=InsecureCredentialsParams,
    references=["OWASP ASVS 9.1.1", "CWE-319"],
)
def insecure_credentials(
    evidence: StepEvidence, params: InsecureCredentialsParams, ctx: CheckContext
) -> Outcome:
    """A password or card field on a page served over plain http sends the customer's secret
    across the network unencrypted: a blocker. Local test servers are allowed and reported as
    information. Wherever the page is served, a password field that shows what is typed (not
    type="password") is major: anyone nearby can read it, and password managers ignore it."""
    fields = [(f, kind) for f in evidence.inputs if (kind := _is_credential(f))]
    if not fields:
        return Outcome.not_applicable("the page asks for no password or card details")
    findings = [_shown_password(field, ctx) for field, kind in fields if _shows_password(field)]
    if scheme_of(evidence.url) == "https":
        pass
    elif params.allow_local and is_local(evidence.url):
        findings.append(
            ctx.finding(
                Severity.info,
                "Password or card fields on a plain http page, allowed because it is a local "
                "server.",
                subject="local-http",
                url=evidence.url,
            )
        )
    else:
        findings += [
            ctx.finding(
                Severity.blocker,
                f"The page asks for a {kind} over an unencrypted connection (http).",
                subject=f"{kind} {field.name or field.selector}",
                fix="Serve every page that asks for passwords or card details over HTTPS.",
                selector=field.selector,
                url=evidence.url,
                references=["CWE-319"],
            )
            for field, kind in fields
        ]
    return Outcome(_score(findings), findings)


def _shows_password(field: InputRecord) -> bool:
    return field.type != "password" and _is_credential(field) == "password"


def _shown_password(field: InputRecord, ctx: CheckContext) -> Finding:
    return ctx.finding(
        Severity.major,
        "The password field shows the password as it is typed, for anyone nearby to read.",
        subject=f"shown password {field.name or field.selector}",
        fix='Use <input type="password" autocomplete="current-password">.',
        selector=field.selector,
        references=["OWASP ASVS 2.1.12", "CWE-549"],
    )


class ThirdPartyFormsParams(CheckParams):
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Origins that may receive form data, e.g. https://pay.example-psp.com",
    )


@check(
    "third-party-forms",
    standard=STANDARD,
    title="Form data goes only to the site itself or to origins you trust",
    needs=[E.page, E.network],
    params=ThirdPartyFormsParams,
    unseen=True,  # behind the page: customers never see it
    references=["OWASP ASVS 1.14", "GDPR Art. 28"],
)
def third_party_forms(
    evidence: StepEvidence, params: ThirdPartyFormsParams, ctx: CheckContext
) -> Outcome:
    """When a step sends form or JSON data, it should go to the page's own origin or to an
    origin the organisation lists in `allowed_origins` (a payment provider, say). Data sent
    anywhere else is major: customers did not agree to share it."""
    page_origin = origin_of(evidence.url)
    if not page_origin:
        return Outcome.not_applicable("the step has no web page")
    allowed = {origin_of(o) for o in params.allowed_origins} | {page_origin}
    findings: dict[str, Finding] = {}
    for request in evidence.requests:
        if not request.has_body or request.method.upper() in ("GET", "HEAD", "OPTIONS"):
            continue
        target = origin_of(request.url)
        if target in allowed:
            continue
        findings.setdefault(
            target,
            ctx.finding(
                Severity.major,
                f"Form data typed by the customer is sent to another site ({_host(target)}).",
                subject=target,
                fix="Send form data only to your own site, or list this origin in "
                "third-party-forms allowed_origins if it is a trusted processor.",
                url=mask_url(request.url),
            ),
        )
    found = list(findings.values())
    return Outcome(_score(found), found)


def _host(origin: str) -> str:
    return origin.split("://", 1)[-1]


def _score(findings: list[Finding]) -> float:
    return score_by_severity([f.severity.value for f in findings])
