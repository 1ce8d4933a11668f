"""Debug pages: a framework's own error or debug page, stack traces and software versions that
the site shows (or hides in the page) tell attackers how it is built, and customers that it broke.
"""

from __future__ import annotations

import re

from selfshop.judge.checks._util import excerpt, score_by_severity, short
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.results import Finding, Severity

STANDARD = "safety"

# Words only a framework's own debug or default error page says, by stack.
DEBUG_PAGES: dict[str, str] = {
    "Django": r"You're seeing this error because you have DEBUG = True|"
    r"Using the URLconf defined in|Django Version:",
    "Ruby on Rails": r"Action Controller: Exception caught|Rails\.root:|"
    r"No route matches \[(?:GET|POST)",
    "Laravel": r"Whoops, looks like something went wrong|Illuminate\\[A-Z]\w+\\|"
    r"Symfony\\Component\\",
    "Express": r"\bat Layer\.handle \[as handle_request\]|node_modules[/\\]express[/\\]",
    "Spring": r"Whitelabel Error Page|This application has no explicit mapping for /error",
    "ASP.NET": r"Server Error in '[^']*' Application|"
    r"An unhandled exception occurred during the execution of the current web request|"
    r"Version Information: Microsoft \.NET Framework",
    "PHP": r"\b(?:Warning|Fatal error|Parse error|Notice|Deprecated|Uncaught \w+)\b:?\s.{0,200}?"
    r" in (?:/|[A-Z]:\\)\S+\.php(?: on line |:)\d+",
    "Flask/Werkzeug": r"Werkzeug Debugger|"
    r"The debugger caught an exception in your WSGI application",
}
# Stack traces of the common languages, wherever they are in the page.
STACK_TRACES: dict[str, str] = {
    "Python": r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+",
    "Java": r"\bat [\w$.]+\([\w]+\.java:\d+\)",
    "JavaScript": r"\bat [\w$.<>]+ \((?:/|file:|[A-Z]:\\)[^)]*:\d+:\d+\)",
    ".NET": r"\bat [\w.`<>]+\(.*?\) in [A-Z]:\\.*?:line \d+",
    "Ruby": r"\S+\.rb:\d+:in `",
    "PHP": r"#\d+ (?:/|[A-Z]:\\)\S+\.php\(\d+\): ",
}
# "Apache/2.4.41", "Django Version: 4.2.1", "PHP 8.1.2", "nginx/1.18.0": software and version.
VERSION_LEAK = re.compile(
    r"\b(?:Apache|nginx|PHP|Django|Rails|Ruby|Laravel|Express|Tomcat|Jetty|IIS|ASP\.NET|"
    r"Microsoft \.NET Framework|Spring Boot|Werkzeug|Python|Node\.js|OpenSSL|Symfony)"
    r"(?: Version)?(?:/|:\s?|\s)v?\d+\.\d+(?:\.\d+)?\b"
)


@check(
    "debug-page",
    standard=STANDARD,
    title="No framework debug page, stack trace or software version shown to customers",
    needs=[EvidenceKind.page],
    params=CheckParams,
    references=["OWASP ASVS 7.4.1", "CWE-209", "CWE-497"],
)
def debug_page(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """A framework's debug or default error page (Django, Rails, Laravel, Express, Spring's
    Whitelabel page, ASP.NET's yellow screen, PHP warnings, Werkzeug) in place of the page
    stops the customer and shows attackers the site's code, paths and settings: a blocker. A
    stack trace is major, even one hidden in the page (a collapsed box still reaches the
    browser). A software name with its version in the page text ("Apache/2.4.41", "Django
    Version: 4.2") is minor."""
    visible = f"{evidence.title or ''}\n{evidence.text}"
    hidden = evidence.hidden_text
    findings: list[Finding] = []
    for stack, pattern in DEBUG_PAGES.items():
        found = _first(pattern, visible, hidden)
        if found:
            what = f"{stack}'s debug or error page"
            findings.append(_debug_finding(ctx, what, found, Severity.blocker))
    if not findings:  # a debug page always has a trace: say it once
        for language, pattern in STACK_TRACES.items():
            found = _first(pattern, visible, hidden)
            if found:
                what = f"a {language} stack trace"
                findings.append(_debug_finding(ctx, what, found, Severity.major))
                break
    version = VERSION_LEAK.search(visible) or VERSION_LEAK.search(hidden)
    if version is not None:
        findings.append(
            ctx.finding(
                Severity.minor,
                f"The page names the software it runs on and its version "
                f"(\u201c{short(version.group(), 40)}\u201d), telling attackers which known "
                "weaknesses to try.",
                subject=f"version {version.group().split('/')[0].split()[0]}",
                fix="Remove software names and versions from pages and error pages.",
                excerpt=version.group(),
                references=["CWE-497"],
            )
        )
    return Outcome(score_by_severity([f.severity.value for f in findings]), findings)


def _first(pattern: str, visible: str, hidden: str) -> tuple[str, str, bool] | None:
    """(excerpt, match, hidden?) of the first match, visible text first."""
    for text, is_hidden in ((visible, False), (hidden, True)):
        match = re.search(pattern, text)
        if match is not None:
            return excerpt(text, match.start(), match.end()), match.group(), is_hidden
    return None


def _debug_finding(
    ctx: CheckContext, what: str, found: tuple[str, str, bool], severity: Severity
) -> Finding:
    context, match, hidden = found
    where = "hidden in the page" if hidden else "on the page"
    return ctx.finding(
        severity,
        f"The site shows {what} {where}: \u201c{short(match, 60)}\u201d. It tells customers the "
        "site broke and attackers how it is built.",
        subject=what,
        fix="Turn debug mode off in production and serve a plain, helpful error page.",
        excerpt=context,
        references=["CWE-209"],
    )
