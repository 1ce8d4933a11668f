"""Delivery through Apprise (Slack, Teams, e-mail, webhooks, ...), routed to owners by e-mail.

Alert URLs hold tokens and passwords: they stay in memory, and a delivery is described by its
place in the audit file and its service's name only. Apprise's own log lines are silenced
while sending, because a failing service may echo the URL it was given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selfshop.models.audit import Notify
from selfshop.notify.message import compose
from selfshop.notify.rules import Alert

EMAIL_SCHEMES = ("mailto", "mailtos")


@dataclass(frozen=True)
class Delivery:
    target: str  # e.g. "notify[0] (Slack)": never the URL, which may hold a token
    alerts: int
    sent: bool
    error: str | None = None


def deliver(
    target: Notify, place: str, audit: str, alerts: Sequence[Alert], report: str | None
) -> list[Delivery]:
    """Send the alerts this target asks for: one message, or one per owner when routed."""
    chosen = [a for a in alerts if a.rule in target.on]
    if not chosen:
        return []
    url = target.url.get_secret_value()
    return [
        _send(address, place, len(group), *_words(audit, group, report))
        for address, group in route(url, chosen, owners=target.owners)
    ]


def _words(audit: str, alerts: Sequence[Alert], report: str | None) -> tuple[str, str]:
    message = compose(audit, alerts, report)
    return message.title, message.body


def route(url: str, alerts: Sequence[Alert], *, owners: bool) -> list[tuple[str, list[Alert]]]:
    """(url, alerts) pairs: e-mail URLs routed to owners send each owner what they own; the
    URL's own recipients get the rest. Other services get everything in one message."""
    if not owners or urlsplit(url).scheme not in EMAIL_SCHEMES:
        return [(url, list(alerts))]
    by_address: dict[str, list[Alert]] = {}
    unowned: list[Alert] = []
    for alert in alerts:
        address = alert.owner.email if alert.owner is not None else None
        if address is None:
            unowned.append(alert)
        else:
            by_address.setdefault(address, []).append(alert)
    routed = [(with_recipient(url, address), group) for address, group in by_address.items()]
    return routed + ([(url, unowned)] if unowned else [])


def with_recipient(url: str, address: str) -> str:
    """The e-mail URL with its recipients replaced by one address."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "to"]
    query.append(("to", address))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextmanager
def _apprise_silenced() -> Iterator[None]:
    logger = logging.getLogger("apprise")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _send(url: str, place: str, count: int, title: str, body: str) -> Delivery:
    import apprise

    with _apprise_silenced():
        plugin = apprise.Apprise.instantiate(url)
        if not plugin:
            return Delivery(place, count, False, "not an Apprise URL selfshop can use")
        shown = f"{place} ({plugin.service_name})"
        sender = apprise.Apprise()
        sender.add(plugin)
        # Apprise bounds each request (4 s to connect, 4 s to read, by default).
        sent = bool(sender.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))
    return Delivery(shown, count, sent, None if sent else "the service did not accept it")
