"""Photos from the panel: kept only when their bytes are a photo, under a name we choose."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfshop.walk.photos import MAX_PHOTO_BYTES, PhotoRefused, photo_kind, store_photo

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 60
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 60


def test_the_kind_comes_from_the_bytes_not_the_name() -> None:
    assert [photo_kind(b) for b in (JPEG, PNG, HEIC, WEBP)] == ["jpg", "png", "heic", "webp"]
    assert photo_kind(b"<html><script>alert(1)</script>") is None
    assert photo_kind(b"GIF89a") is None  # not a camera's format


def test_photos_are_numbered_per_step_inside_artefacts(tmp_path: Path) -> None:
    first = store_photo(tmp_path, 0, JPEG)
    second = store_photo(tmp_path, 0, PNG)
    other_step = store_photo(tmp_path, 2, HEIC)
    assert (first, second, other_step) == (
        "artefacts/guided-step1-photo-1.jpg",
        "artefacts/guided-step1-photo-2.png",
        "artefacts/guided-step3-photo-1.heic",
    )
    assert (tmp_path / first).read_bytes() == JPEG


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "empty"),
        (b"<svg onload=alert(1)>", "only JPEG, PNG, WebP or HEIC"),
        (JPEG + b"\x00" * MAX_PHOTO_BYTES, "larger than 20 MB"),
    ],
)
def test_what_is_not_a_photo_is_refused_and_nothing_is_written(
    tmp_path: Path, data: bytes, said: str
) -> None:
    with pytest.raises(PhotoRefused, match=said):
        store_photo(tmp_path, 0, data)
    assert not list(tmp_path.rglob("*.*"))
