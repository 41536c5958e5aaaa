"""Images uploaded from the editor.

What a file is gets decided by decoding it, never by its name or the type the
browser claims. Accepted images are re-encoded from their pixels, which drops
metadata (camera, location, comments) and anything hidden beside the image
data, and stored under a random name, so an upload can neither pick nor guess
a path.

Storing is the last step and the only one that can fail for the server's sake (a full disk, a
failing bucket): it then answers what the editor shows, and leaves no file behind. Uploads
are recorded nowhere but in the text of the page they are put into, once that is saved.
"""

import io
import logging
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse, UnreadablePostError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts import roles

EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
ONLY_IMAGES = "Only PNG, JPEG, GIF and WebP images can be uploaded."
DAMAGED = "The file is damaged or not a complete image."
# Every frame costs time to decode and encode however few pixels it has: a few
# megabytes of tiny frames would otherwise keep a worker busy for minutes.
MAX_FRAMES = 300
# All a frame needs to look and move as uploaded. Everything else Pillow keeps
# in `info` (comments, EXIF, XMP, text chunks, ICC profiles) it would write
# back out. ICC profiles go too: every viewer parses them, and without one a
# wide-gamut photo only loses a little saturation.
KEPT_INFO = ("transparency", "duration", "loop")
STORAGE_FAILED = (
    "The image could not be stored: the server's storage is full or failing. Try again later."
)

logger = logging.getLogger(__name__)


class Refused(Exception):
    """The upload is not accepted; the message tells the editor why."""


class StorageFailed(Exception):
    """The image could not be stored (STORAGE_FAILED says so to the editor); nothing of it
    was kept."""


def only_uploaders_send_files(get_response):
    """Middleware, after authentication: a multipart body larger than a form without files
    needs is refused before anything parses it (CsrfViewMiddleware would, for every POST,
    spooling files to disk), unless it goes to the editor's upload from someone who may
    upload, or to the admin from staff."""

    def middleware(request):
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and _declared_length(request) > _form_without_files()
        ):
            user = request.user
            if request.path == settings.MARKDOWNX_UPLOAD_URLS_PATH:
                refusal = upload_refusal(user)
                if refusal:  # in the form the editor shows, as the upload view answers
                    return JsonResponse({"image": [refusal]}, status=403)
                if not _spooled(request):
                    return JsonResponse({"image": [STORAGE_FAILED]}, status=503)
            elif not (
                request.path.startswith(reverse("admin:index")) and user.is_active and user.is_staff
            ):
                raise PermissionDenied("This address takes no files, or none this large.")
        return get_response(request)

    return middleware


def _spooled(request):
    """Parse the upload's body now, which writes a file this large to a temporary file; say
    whether that worked. A full or failing disk would otherwise fail CsrfViewMiddleware's
    reading of the body, with an error page the editor cannot show."""
    try:
        request.FILES  # noqa: B018 (reading it parses the body)
    except UnreadablePostError:
        raise  # the browser went away: nothing is answered to anyone
    except OSError:
        logger.warning("An uploaded image could not be written to a temporary file", exc_info=True)
        return False
    return True


def _form_without_files():
    """The most a multipart form is sent by someone who may not send files: what its fields
    may hold, with any file in it small enough to stay in memory, never spooled to disk."""
    return min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


def _declared_length(request):
    length = request.META.get("CONTENT_LENGTH") or ""
    return int(length) if length.isdigit() else 0  # Django reads no body of any other length


def upload_refusal(user):
    """Why `user` may not upload images, or "" if they may."""
    if not user.is_authenticated:
        return "Sign in to upload images."
    return roles.refusal(user, roles.UPLOAD)


def store_image(upload):
    """Check, re-encode and store an uploaded file; return the stored image's URL."""
    limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise Refused(f"The image is larger than {filesizeformat(limit)}.")
    fmt, frames = _decode(upload)
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{secrets.token_hex(16)}.{EXTENSIONS[fmt]}"
    return _store(name, _encode(fmt, frames))


def cleaned_image(data: bytes) -> tuple[str, bytes]:
    """(extension, the image re-encoded from its pixels) for the bytes of an image that comes
    from elsewhere than the editor (an import), checked as an upload is; or Refused."""
    limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    if len(data) > limit:
        raise Refused(f"The image is larger than {filesizeformat(limit)}.")
    fmt, frames = _decode(io.BytesIO(data))
    return EXTENSIONS[fmt], _encode(fmt, frames)


def _store(name, data):
    """Save `data` under `name` and return its URL, or raise StorageFailed having removed
    whatever the storage wrote before failing."""
    stored = name
    try:
        stored = default_storage.save(name, ContentFile(data))
        return default_storage.url(stored)
    # A disk raises OSError (full, read-only, permissions); other backends raise their own
    # errors (botocore's for S3), which nothing here can name in advance.
    except Exception as error:
        logger.warning("An uploaded image could not be stored as %s", stored, exc_info=True)
        _remove(stored)
        raise StorageFailed(stored) from error


def _remove(name):
    """Delete the file at `name` if there is one: a full disk leaves what it wrote before
    failing. The name is random (128 bits), so the file can only be this upload's."""
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
    except Exception:  # the storage is failing: say so; the editor's answer stands
        logger.warning("A partly stored image could not be removed: %s", name, exc_info=True)


def _decode(upload):
    """The upload's format and every frame's pixels, or Refused.

    All decoding happens here, so that a damaged frame anywhere in the file is
    a refusal rather than an error while encoding.
    """
    try:
        # Pillow only warns about decompression bombs below twice its own limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these formats' parsers ever see the bytes.
            with Image.open(upload, formats=list(EXTENSIONS)) as image:
                # Phones save JPEGs with extra pictures (depth or HDR maps) as
                # MPO; the first picture is the photo.
                fmt = "JPEG" if image.format == "MPO" else image.format
                count = 1 if fmt == "JPEG" else _frame_count(image)
                _check_size(image, count)
                if fmt == "JPEG":
                    frames = [ImageOps.exif_transpose(image)]  # turned as the camera meant
                else:
                    frames = [_frame(image, index) for index in range(count)]
    except Refused:
        raise
    except UnidentifiedImageError:
        raise Refused(ONLY_IMAGES) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard: it refuses a huge image on opening, before _check_size.
        raise Refused(f"The image has more than {Image.MAX_IMAGE_PIXELS:,} pixels.") from None
    except Exception:  # noqa: BLE001 (any parser failure is the file's fault)
        # Pillow's parsers fail on damaged data in many ways besides OSError
        # (IndexError, struct.error, SyntaxError...); each is the file's fault.
        raise Refused(DAMAGED) from None
    for frame in frames:
        frame.info = {key: frame.info[key] for key in KEPT_INFO if key in frame.info}
    return fmt, frames


def _frame_count(image):
    """The image's frames, counted no further than one past MAX_FRAMES: a GIF says nothing of
    its length, and walking a few megabytes of tiny frames to the end takes seconds."""
    if image.format != "GIF":
        return getattr(image, "n_frames", 1)  # APNG and WebP state it in their header
    count = 1
    try:
        while count <= MAX_FRAMES:
            # What GifImageFile.n_frames does, a step at a time: the next frame's header
            # only, no pixels decoded.
            image._seek(count, False)
            count += 1
    except EOFError:
        pass
    image.seek(0)
    return count


def _check_size(image, count):
    """Refuse from the header alone, before any pixels are decoded into memory."""
    if count > MAX_FRAMES:
        raise Refused(f"The animation has more than {MAX_FRAMES} frames, the limit.")
    width, height = image.size
    if width * height * count > settings.MAX_UPLOAD_PIXELS:
        raise Refused(
            f"The image is {width} × {height} pixels{' per frame' if count > 1 else ''}; "
            f"the limit is {settings.MAX_UPLOAD_PIXELS:,} pixels in all."
        )


def _frame(image, index):
    image.seek(index)
    return image.copy()


def _encode(fmt, frames):
    """The frames saved afresh in their own format, without any metadata."""
    output = io.BytesIO()
    frames = [_writable(frame, fmt) for frame in frames]
    first = frames[0]
    if len(frames) > 1:
        # Animations keep every frame and its timing: flattening them would
        # silently change what the editor uploaded.
        options = {"loop": first.info["loop"]} if "loop" in first.info else {}
        first.save(
            output,
            fmt,
            save_all=True,
            append_images=frames[1:],
            duration=[frame.info.get("duration", 0) for frame in frames],
            **options,
        )
    elif fmt in ("JPEG", "WEBP"):
        first.save(output, fmt, quality=88)
    else:
        first.save(output, fmt)
    return output.getvalue()


def _writable(frame, fmt):
    """The frame in a mode its format can store."""
    if fmt == "JPEG" and frame.mode not in ("RGB", "L"):
        return frame.convert("RGB")
    if fmt == "WEBP" and frame.mode not in ("RGB", "RGBA"):
        return frame.convert("RGBA")
    return frame
