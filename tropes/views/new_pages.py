"""Creating a work or trope page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.media import MEDIA
from tropes.new_pages import NewPageForm
from wiki import creation, markup, moderation
from wiki.models import MAIN
from wiki.moderation import page_changes


@requires(roles.EDIT)
@edits_limited
def new_page(request):
    """Create a work or a trope page, from "New page" or from a red link (`?page=Ns/Name`)."""
    initial = {}
    namespace, _, name = request.GET.get("page", "").partition("/")
    if name:
        initial = {
            "name": name,
            "title": markup.split_wikiword(name),
            "kind": "trope" if namespace == MAIN else "work",
            "medium": namespace if namespace in MEDIA else "",
        }
    form = NewPageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = moderation.save_or_hold(
                request.user,
                [None],
                creation.create_page,
                page_changes.hold_new_page,
                data["namespace"],
                data["name"],
                data["title"],
                data["kind"],
                request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if page is moderation.HELD:
                messages.info(request, moderation.WAITING)
                return redirect("tropes:home")
            messages.success(request, "Page created. Write its description now.")
            return redirect("wiki:edit", page.namespace, page.name)
    status = 400 if request.method == "POST" else 200
    return render(request, "tropes/new_page.html", {"form": form}, status=status)
