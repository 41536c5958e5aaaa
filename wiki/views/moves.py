"""Moving a page, and the other names that lead to it: never held for review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import edits_limited
from wiki import moving
from wiki.forms import AliasForm, MoveForm
from wiki.views.access import page_for, to_redirect_target


@login_required
@edits_limited
def move(request, namespace, name):
    page = page_for(request, namespace, name, roles.EDIT_LIVE, never_held=True)
    if page.redirect_to_id:
        return to_redirect_target(page, "wiki:move")
    old_name = page.full_name
    form = MoveForm(page, request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            page = moving.move_page(
                page,
                data["namespace"],
                data["name"],
                request.user,
                title=data["title"],
                summary=data["summary"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if page.full_name.lower() != old_name.lower():
                messages.success(request, f"Moved. {old_name} now redirects here.")
            else:
                messages.success(request, "Renamed.")
            return redirect(page)
    status = 400 if form.is_bound else 200
    return render(request, "wiki/move.html", {"page": page, "form": form}, status=status)


@edits_limited
def aliases(request, namespace, name):
    """The other names that lead to a page, and a form to add one."""
    adding = request.method == "POST"
    if adding and not request.user.is_authenticated:
        return redirect_to_login(request.path)
    page = page_for(
        request, namespace, name, roles.EDIT_LIVE if adding else None, never_held=adding
    )
    if page.redirect_to_id:
        # Aliases always lead to a page, never to another alias.
        response = to_redirect_target(page, "wiki:aliases")
        messages.info(
            request,
            f"{page} is itself another name for the page below; "
            "names added here lead straight to it.",
        )
        return response
    form = AliasForm(request.POST if adding else None)
    if form.is_valid():
        try:
            alias, _ = moving.add_alias(
                page, form.cleaned_data["namespace"], form.cleaned_data["name"], request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{alias} now leads to this page.")
            return redirect("wiki:aliases", page.namespace, page.name)
    context = {"page": page, "form": form, "aliases": page.aliases.order_by("namespace", "name")}
    return render(request, "wiki/aliases.html", context, status=400 if form.errors else 200)


def _add_errors(form, error):
    """Put a model's validation errors on the form fields they name, the rest above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)
