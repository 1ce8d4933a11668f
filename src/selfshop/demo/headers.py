"""Response headers and cookies: the polished variant protects its customers, the flawed one
does not."""

from __future__ import annotations

from selfshop.demo.variants import Variant

# No 'unsafe-inline' anywhere: every style and script is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self'",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

POLISHED_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    # Browsers ignore HSTS over plain http; it is sent so the demo shows the production set.
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

# What an unloved server says about itself instead of protecting anyone.
FLAWED_HEADERS: tuple[tuple[str, str], ...] = (("X-Powered-By", "PHP/5.4.16"),)

# Each variant has its own cookie name: cookies ignore ports, and both variants share a host.
SESSION_COOKIE = {Variant.polished: "acme_session", Variant.flawed: "basket_id"}


def server_name(variant: Variant) -> str:
    """The Server header: the flawed shop tells attackers exactly which old software it runs."""
    return "AcmeShop" if variant is Variant.polished else "Apache/2.2.15 (CentOS)"


def security_headers(variant: Variant) -> tuple[tuple[str, str], ...]:
    return POLISHED_HEADERS if variant is Variant.polished else FLAWED_HEADERS


def session_cookie(variant: Variant, token: str) -> str:
    """The Set-Cookie value for a new session.

    The polished cookie is Secure even over http://127.0.0.1: browsers count loopback as a
    secure context and keep Secure cookies there, and the shop only ever binds to loopback.
    """
    name = SESSION_COOKIE[variant]
    if variant is Variant.polished:
        return f"{name}={token}; Path=/; HttpOnly; Secure; SameSite=Lax"
    return f"{name}={token}; Path=/"
