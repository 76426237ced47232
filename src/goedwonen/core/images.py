"""Photos that people upload, kept without their metadata and within a size we can afford.

A PNG or JPEG says its width and height in its first bytes, and a file of 20 KB can claim
13,000 by 13,000 pixels: decoding it takes seconds and gigabytes. Pillow reads only the header
when it opens a file, so the size is checked there and an image above the cap
(`settings.UPLOAD_MAX_MEGAPIXELS`, `settings.UPLOAD_MAX_IMAGE_SIDE`) is refused before a single
pixel is decoded. Pillow's own guard (`Image.MAX_IMAGE_PIXELS`, set in `CoreConfig.ready`) stands
at the same cap behind it.

An image within the cap is decoded once and its pixels copied into a fresh image, so EXIF (with
the place a photo was taken), XMP, comments and colour profiles stay behind; at most two copies
of the pixels are held at a time. The orientation the camera wrote is applied first, so a photo
taken upright is still upright without its EXIF.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# Modes copied as they are; anything else (CMYK, 16-bit, palettes) is converted first.
_KEPT_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "RGB", "RGBA"}}


def max_pixels() -> int:
    return settings.UPLOAD_MAX_MEGAPIXELS * 1_000_000


def too_large(width: int, height: int) -> bool:
    side = settings.UPLOAD_MAX_IMAGE_SIDE
    return width * height > max_pixels() or width > side or height > side


def _too_large_message(name: str, width: int | None, height: int | None) -> str:
    size = f" ({width} bij {height} pixels)" if width and height else ""
    return (
        f"{name}: de afbeelding is te groot{size}. Ten hoogste "
        f"{settings.UPLOAD_MAX_MEGAPIXELS} megapixel en {settings.UPLOAD_MAX_IMAGE_SIDE} pixels "
        "breed of hoog; verklein de foto en probeer het opnieuw."
    )


def image_without_metadata(content: bytes, content_type: str, *, name: str) -> bytes:
    """The image's pixels alone, re-encoded in its own format; refused when it is larger than
    the cap (checked from its header) or cannot be read."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    fmt = FORMATS[content_type]
    unreadable = ValidationError(
        f"{name}: de afbeelding is beschadigd en kan niet worden gelezen.", code="invalid"
    )
    try:
        image = Image.open(io.BytesIO(content), formats=[fmt])
    except Image.DecompressionBombError:
        # More than twice the cap: Pillow refuses before we can read the size ourselves.
        raise ValidationError(_too_large_message(name, None, None), code="too_large") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise unreadable from None
    with image:
        width, height = image.size
        if too_large(width, height):
            raise ValidationError(_too_large_message(name, width, height), code="too_large")
        try:
            image.load()
            # Upright as the camera meant it (the EXIF tag that says so is about to go).
            ImageOps.exif_transpose(image, in_place=True)
            pixels: Image.Image = image
            if image.mode not in _KEPT_MODES[fmt]:
                pixels = image.convert("RGBA" if fmt == "PNG" else "RGB")
                image.close()  # two copies at most
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
            pixels.close()
            out = io.BytesIO()
            clean.save(out, format=fmt, quality=90)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise unreadable from None
    return out.getvalue()
