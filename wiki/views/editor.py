"""What the Markdown editor asks for as one types: the live preview, and image uploads."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST
from markdownx.views import MarkdownifyView

from accounts import roles
from accounts.access import rate_limited, requires
from wiki import uploads
from wiki.forms import bounded_markup

markdownify = MarkdownifyView.as_view()


@require_POST
@requires(roles.EDIT)
@rate_limited("preview", "PREVIEW_RATE_LIMIT", "previews")
def preview(request):
    """The editor's live preview, rendered by wiki.markup.render like every page."""
    try:  # refused before parsing: the cost grows with the size
        bounded_markup(request.POST.get("content", ""), settings.MAX_PAGE_CHARS)
    except ValidationError as error:
        return HttpResponseBadRequest(f"Nothing to preview. {error.messages[0]}")
    return markdownify(request)


@require_POST
@rate_limited(
    "upload",
    "UPLOAD_RATE_LIMIT",
    "uploads",
    refused=lambda request, what, why: _upload_error(
        "Too many uploads in a minute; wait a little and try again.", 429
    ),
)
def upload(request):
    """An image dropped into the editor, answered in the JSON django-markdownx expects."""
    refusal = uploads.upload_refusal(request.user)
    if refusal:
        return _upload_error(refusal, 403)
    image = request.FILES.get("image")
    if image is None:
        return _upload_error("Choose an image to upload.", 400)
    try:
        url = uploads.store_image(image)
    except uploads.Refused as refusal:
        return _upload_error(str(refusal), 400)
    except uploads.StorageFailed:
        return _upload_error(uploads.STORAGE_FAILED, 503)
    return JsonResponse({"image_code": f"![]({url})"})


def _upload_error(message, status):
    return JsonResponse({"image": [message]}, status=status)
