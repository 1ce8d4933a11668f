"""A phone walk: the guide panel served to the leader's phone, only when they ask for it.

`selfshop walk --phone` opens no browser here: the leader walks with the phone in their hand (in
a store, on a call, or on the site in the phone's own browser) and answers in the panel there,
taking photos as they go. The panel listens only on the address the leader chose with `--bind`
(127.0.0.1 unless they say otherwise), and only requests carrying this walk's random token get in;
the address with the token is printed as a QR code for the phone's camera.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import Callable

from selfshop.errors import UsageError
from selfshop.walk.guide_desk import GuideDesk
from selfshop.walk.guide_panel.server import LOOPBACK, PanelServer
from selfshop.walk.guided import WalkSession

ANY_ADDRESS = "0.0.0.0"
# A documentation address (RFC 5737): connecting a UDP socket to it sends nothing, but tells
# which of this machine's addresses faces the network.
_PROBE = ("192.0.2.1", 9)


def checked_bind(address: str) -> str:
    """The IPv4 address to listen on, as the leader gave it, or a one-line error."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise UsageError(
            f"--bind {address!r}: give an IPv4 address of this computer, e.g. 0.0.0.0 or "
            "192.168.1.20"
        ) from None
    if parsed.version != 4:
        raise UsageError(f"--bind {address!r}: only IPv4 addresses are supported")
    return str(parsed)


def advertised_address(bind: str) -> str:
    """The address a phone reaches us at: the one bound, or the network-facing one for 0.0.0.0."""
    if bind != ANY_ADDRESS:
        return bind
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_PROBE)
        return str(probe.getsockname()[0])
    return LOOPBACK


def reachable_from_elsewhere(bind: str) -> bool:
    return not ipaddress.ip_address(bind).is_loopback


async def guide_on_phone(
    session: WalkSession,
    *,
    bind: str = LOOPBACK,
    site_url: str | None = None,
    on_open: Callable[[str], None] | None = None,
) -> bool:
    """Serve the panel until every step is answered; True when the walk is complete."""
    desk = GuideDesk(session, site_url=site_url)
    try:
        server = PanelServer(
            desk.handle,
            asyncio.get_running_loop(),
            bind=bind,
            advertised=advertised_address(bind),
        )
    except OSError as error:
        raise UsageError(f"--bind {bind}: cannot listen there ({error.strerror})") from None
    server.start()
    try:
        if on_open is not None:
            on_open(server.url)
        await desk.ended.wait()
        return session.done
    finally:
        server.stop()


def qr_text(url: str) -> str:
    """The URL as a QR code drawn with block characters, for a phone's camera to read."""
    import io

    import segno

    drawn = io.StringIO()
    segno.make(url, error="m").terminal(out=drawn, compact=True, border=2)
    return drawn.getvalue()
