"""Product photos: checked, turned upright, resized to web sizes and re-encoded without any
metadata, so EXIF (GPS above all) never leaves the producer's phone."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024  # what a phone camera produces, with room to spare
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MIN_EDGE = 200
LARGE_EDGE = 1280
THUMB_EDGE = 480
FORMATS = {"JPEG", "PNG", "WEBP"}
QUALITY = 82


@dataclass(frozen=True)
class PreparedPhoto:
    large: bytes
    thumb: bytes
    width: int
    height: int
    digest: str


def _encode(image: Image.Image, edge: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No `exif=` and no `icc_profile=`: the saved file carries no metadata at all.
    copy.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def photo_size_check(size: int) -> None:
    if size > MAX_BYTES:
        raise ValidationError(
            _("Berkas foto terlalu besar (%(size)s MB); paling besar %(max)s MB."),
            code="photo_too_large",
            params={"size": f"{size / 1_048_576:.1f}", "max": MAX_BYTES // 1_048_576},
        )


def photo_prepare(content: bytes) -> PreparedPhoto:
    """The upload as web-sized JPEGs, or a ValidationError with a clear message and code."""
    photo_size_check(len(content))
    not_image = ValidationError(
        _("Berkas ini bukan foto yang dapat dibaca (JPEG, PNG atau WebP)."), code="photo_not_image"
    )
    try:
        probe = Image.open(io.BytesIO(content))
        fmt = probe.format
        width, height = probe.size
        probe.verify()  # checks the structure without decoding every pixel
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise not_image from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    if fmt not in FORMATS:
        raise not_image
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    if min(width, height) < MIN_EDGE:
        raise ValidationError(
            _("Foto terlalu kecil (%(w)s×%(h)s piksel); paling kecil %(min)s piksel per sisi."),
            code="photo_too_small",
            params={"w": width, "h": height, "min": MIN_EDGE},
        )
    try:
        opened = Image.open(io.BytesIO(content))
        if fmt == "JPEG":
            opened.draft("RGB", (LARGE_EDGE * 2, LARGE_EDGE * 2))  # decode big photos smaller
        image: Image.Image = ImageOps.exif_transpose(opened)  # upright as the camera meant it
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise not_image from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    large, w, h = _encode(image, LARGE_EDGE)
    thumb, _tw, _th = _encode(image, THUMB_EDGE)
    return PreparedPhoto(
        large=large, thumb=thumb, width=w, height=h, digest=hashlib.sha256(large).hexdigest()
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Foto terlalu besar ukurannya (lebih dari %(mp)s megapiksel)."),
        code="photo_too_many_pixels",
        params={"mp": MAX_PIXELS // 1_000_000},
    )
