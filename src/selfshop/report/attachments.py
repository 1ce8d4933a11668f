"""A leader's photos and attachments from a guided walk, as the report shows them beside the
rating: photos a browser can show as pictures, anything else (a recording, a HEIC) as a link."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from selfshop.report.images import MIME_TYPES, ImageSource


@dataclass
class AttachmentView:
    name: str  # the file's name in artefacts/
    href: str | None  # a relative link to the file; None when it is not in the run folder
    picture: str | None  # an <img> source when a browser can show it


def attachment_views(paths: list[str], images: ImageSource) -> list[AttachmentView]:
    views = []
    for path in paths:
        shown = PurePosixPath(path).suffix.lower() in MIME_TYPES
        views.append(
            AttachmentView(
                name=PurePosixPath(path).name,
                href=images.link(path),
                picture=images.embed(path) if shown else None,
            )
        )
    return views
