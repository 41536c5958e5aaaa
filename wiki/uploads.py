"""Images uploaded from the editor.

What a file is gets decided by decoding it, never by its name or the type the
browser claims. Accepted images are re-encoded from their pixels, which drops
metadata (camera, location) and anything hidden beside the image data, and
stored under a random name, so an upload can neither pick nor guess a path.
"""

import io
import secrets
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
ONLY_IMAGES = "Only PNG, JPEG, GIF and WebP images can be uploaded."


class Refused(Exception):
    """The upload is not accepted; the message tells the editor why."""


def store_image(upload):
    """Check, re-encode and store an uploaded file; return the stored image's URL."""
    limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise Refused(f"The image is larger than {filesizeformat(limit)}.")
    image = _decode(upload)
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{secrets.token_hex(16)}.{EXTENSIONS[image.format]}"
    return default_storage.url(default_storage.save(name, ContentFile(_encode(image))))


def _decode(upload):
    try:
        # Pillow only warns about decompression bombs below twice its own limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in EXTENSIONS:
                raise Refused(ONLY_IMAGES)
            # Checked from the header, before the pixels are decoded into memory.
            width, height = image.size
            if width * height * getattr(image, "n_frames", 1) > settings.MAX_UPLOAD_PIXELS:
                raise Refused(
                    f"The image is {width} × {height} pixels"
                    f"{' per frame' if getattr(image, 'n_frames', 1) > 1 else ''}; "
                    f"the limit is {settings.MAX_UPLOAD_PIXELS:,} pixels in all."
                )
            image.load()
    except UnidentifiedImageError:
        raise Refused(ONLY_IMAGES) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(f"The image has more than {settings.MAX_UPLOAD_PIXELS:,} pixels.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise Refused("The file is damaged or not a complete image.") from None
    return image


def _encode(image):
    """The image's pixels, saved afresh in its own format without any metadata."""
    output = io.BytesIO()
    fmt = image.format
    if getattr(image, "n_frames", 1) > 1:
        # Animations keep every frame and their timing: flattening them would
        # silently change what the editor uploaded.
        frames = [frame.copy() for frame in _frames(image)]
        options = {k: image.info[k] for k in ("duration", "loop") if k in image.info}
        frames[0].save(output, fmt, save_all=True, append_images=frames[1:], **options)
        return output.getvalue()
    if fmt == "JPEG":
        image = ImageOps.exif_transpose(image)  # the pixels turned as the camera meant
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, fmt, quality=88)
    elif fmt == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(output, fmt, quality=88)
    else:
        image.save(output, fmt)
    return output.getvalue()


def _frames(image):
    for index in range(image.n_frames):
        image.seek(index)
        yield image
