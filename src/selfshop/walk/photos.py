"""Photos a leader takes in the guide panel (on a phone, in the store), stored into the walk.

An upload is untrusted bytes from the network. It is kept only when its first bytes say it is a
photo of a kind we know (the name and type the client claims are ignored), under a name we make
with the matching extension, so nothing opens it as a page or a script; it is never served back.
"""

from __future__ import annotations

from pathlib import Path

from selfshop.store.atomic import write_bytes
from selfshop.store.runfolder import ARTEFACTS

MAX_PHOTO_BYTES = 20 * 1024 * 1024  # a phone's full-size photo, not a video
MAX_PHOTOS_PER_STEP = 10


class PhotoRefused(ValueError):
    """An upload that is not a photo we keep: the message says why, in plain words."""


def photo_kind(data: bytes) -> str | None:
    """The file extension for a JPEG, PNG, WebP or HEIC photo, read from its magic bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return "heic"
    return None


def store_photo(folder: Path, index: int, data: bytes) -> str:
    """Save `data` as step `index`'s next photo in the walk's artefacts; its run-relative path."""
    if not data:
        raise PhotoRefused("the photo is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefused(f"the photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    kind = photo_kind(data)
    if kind is None:
        raise PhotoRefused("only JPEG, PNG, WebP or HEIC photos are kept")
    artefacts = folder / ARTEFACTS
    artefacts.mkdir(parents=True, exist_ok=True)
    taken = sorted(artefacts.glob(f"guided-step{index + 1}-photo-*"))
    if len(taken) >= MAX_PHOTOS_PER_STEP:
        raise PhotoRefused(f"a step keeps at most {MAX_PHOTOS_PER_STEP} photos")
    number = len(taken) + 1
    target = artefacts / f"guided-step{index + 1}-photo-{number}.{kind}"
    while target.exists():
        number += 1
        target = artefacts / f"guided-step{index + 1}-photo-{number}.{kind}"
    write_bytes(target, data)
    return f"{ARTEFACTS}/{target.name}"
