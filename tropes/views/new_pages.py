"""Creating a work or trope page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.media import MEDIA
from tropes.new_pages import NewPageForm, main_creation_refusal
from wiki import creation, markup, moderation
from wiki.models import MAIN
from wiki.moderation import page_changes


@requires(roles.EDIT)
@edits_limited
def new_page(request):
    """Create a work or a trope page, from "New page" or from a red link (`?page=Ns/Name`)."""
    initial = {}
    namespace, _, name = request.GET.get("page", "").partition("/")
    if namespace == MAIN and main_creation_refusal(request.user):
        # A red link to a trope leads members to propose it on the launch pad.
        return redirect(f"{reverse('tropes:new_draft')}?{urlencode({'page': name[:100]})}")
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
        refusal = main_creation_refusal(request.user) if data["namespace"] == MAIN else ""
        if refusal:
            messages.info(request, refusal)
            query = urlencode({"page": data["name"], "title": data["title"]})
            return redirect(f"{reverse('tropes:new_draft')}?{query}")
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
    context = {"form": form, "main_refused": main_creation_refusal(request.user)}
    return render(request, "tropes/new_page.html", context, status=status)
