"""/dumps: the latest dumps of the whole wiki, and their files."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wiki.dumps import listing

CONTENT_TYPES = {
    ".jsonl": "application/x-ndjson",
    ".json": "application/json",
    ".tar": "application/x-tar",
}


@require_safe
def dump_list(request):
    dumps = listing.latest(settings.DUMPS_DIR)
    return render(request, "wiki/dumps.html", {"dumps": dumps})


@require_safe
def dump_file(request, dump, file):
    """One file of a dump, streamed from disk: the largest are gigabytes."""
    path = listing.file_path(settings.DUMPS_DIR, dump, file)
    if path is None:
        raise Http404("No such dump file.")
    content_type = CONTENT_TYPES.get(path.suffix, "text/plain; charset=utf-8")
    return FileResponse(open(path, "rb"), content_type=content_type)  # closed by the response
