"""Adding, editing, reordering and removing a work's characters, from its Characters subpage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.access import edits_limited, requires
from tropes import characters, held_characters
from tropes.character_forms import CharacterForm
from tropes.character_list import spoiler_name
from tropes.models import Character, Subpage, SubpageKind
from wiki import moderation, revisions
from wiki.models import page_key

CONFLICT = (
    "Someone changed this character while you were editing, in the same places: {fields}. "
    "Your values are kept below; check them against the page, and save again."
)


@requires(roles.EDIT)
@edits_limited
def new(request, namespace, name):
    subpage = _characters_subpage(namespace, name)
    form = _form(request, subpage)
    if request.method == "POST" and form.is_valid():
        try:
            added = moderation.save_or_hold(
                request.user,
                [subpage.page],
                characters.add_character,
                held_characters.hold_add,
                subpage.work,
                form.character_values(),
                request.user,
                form.cleaned_data["summary"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if added is moderation.HELD:
                messages.info(request, moderation.WAITING)
                return redirect(subpage.page)
            messages.success(request, "Character added.")
            return redirect(_address(subpage, added))
    return _editor(request, subpage, form)


@login_required
@edits_limited
def edit(request, namespace, name, anchor):
    subpage, character = _character_for(request, namespace, name, anchor)
    latest = character.history.order_by("-history_id").first()
    initial = {
        **characters.values_of(character),
        "base_revision": latest.history_id if latest else None,
    }
    form = _form(request, subpage, initial=initial, stored_image=character.image.name)
    if request.method == "POST" and form.is_valid():
        try:
            result = moderation.save_or_hold(
                request.user,
                [subpage.page],
                characters.edit_character,
                held_characters.hold_edit,
                character,
                form.character_values(),
                form.cleaned_data["base_revision"],
                request.user,
                form.cleaned_data["summary"],
            )
        except revisions.UnknownRevision:
            return HttpResponseBadRequest("This edit started from a revision it never had.")
        except ValidationError as error:
            _add_errors(form, error)
            return _editor(request, subpage, form, character)
        if result is moderation.HELD:
            messages.info(request, moderation.WAITING)
            return redirect(subpage.page)
        if result.outcome == "conflict":
            return _conflict(request, subpage, form, result)
        messages.success(
            request,
            {
                "unchanged": "You made no changes, so no revision was added.",
                "merged": "Saved, merged with a change made while you were editing.",
            }.get(result.outcome, "Character saved."),
        )
        return redirect(_address(subpage, result.character))
    return _editor(request, subpage, form, character)


@login_required
@edits_limited
def remove(request, namespace, name, anchor):
    subpage, character = _character_for(request, namespace, name, anchor)
    if request.method == "POST":
        removed = moderation.save_or_hold(
            request.user,
            [subpage.page],
            characters.remove_character,
            held_characters.hold_removal,
            character,
            request.user,
            request.POST.get("summary", "")[:200],
        )
        if removed is moderation.HELD:
            messages.info(request, moderation.WAITING)
        else:
            messages.success(request, "Character removed. Its history is kept.")
        return redirect(subpage.page)
    context = {
        "subpage": subpage,
        "character": character,
        "shown_name": spoiler_name(character.name, character.name_is_spoiler),
        "example_count": character.examples.count(),
    }
    return render(request, "tropes/characters_remove.html", context)


@requires(roles.EDIT)
def order(request, namespace, name):
    """The work's characters in order, each with buttons moving it within its folder."""
    subpage = _characters_subpage(namespace, name)
    cast = Character.objects.filter(work=subpage.work).order_by("order", "name", "pk")
    context = {"subpage": subpage, "characters": cast, "page": subpage.page}
    return render(request, "tropes/characters_order.html", context)


@require_POST
@login_required
@edits_limited
def move(request, namespace, name, anchor):
    subpage, character = _character_for(request, namespace, name, anchor)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        return HttpResponseBadRequest("Move a character up or down.")
    moved = moderation.save_or_hold(
        request.user,
        [subpage.page],
        characters.move_character,
        held_characters.hold_move,
        character,
        step,
        request.user,
    )
    if moved is moderation.HELD:
        messages.info(request, moderation.WAITING)
    elif not moved:
        where = "first" if step < 0 else "last"
        messages.info(request, f"It is already the {where} of its folder.")
    return redirect(f"{_order_url(subpage)}#{character.anchor}")


def _characters_subpage(namespace, name):
    """The Characters subpage at namespace/name, with its page, kind and work: 404 if there
    is none."""
    return get_object_or_404(
        Subpage.objects.select_related("page", "kind", "work__page"),
        page__key=page_key(namespace, name),
        kind__structure=SubpageKind.Structure.CHARACTERS,
    )


def _character_for(request, namespace, name, anchor):
    """The subpage and its character at `anchor`, for an edit: 404 if there is none,
    PermissionDenied with the reason if the user may not edit."""
    subpage = _characters_subpage(namespace, name)
    character = Character.objects.filter(work=subpage.work, anchor=anchor).first()
    if character is None:
        raise Http404("No such character.")
    character.work = subpage.work
    access.check(request.user, roles.EDIT)
    return subpage, character


def _form(request, subpage, data=None, **kwargs):
    """The character form, bound to what was posted (or `data`), offering the work's folders."""
    folders = (
        Character.objects.filter(work=subpage.work)
        .order_by("folder")
        .values_list("folder", flat=True)
        .distinct()
    )
    return CharacterForm(data or request.POST or None, folders=folders, **kwargs)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _editor(request, subpage, form, character=None, status=None):
    context = {
        "subpage": subpage,
        "page": subpage.page,
        "form": form,
        "character": character,
        "will_wait": not moderation.goes_live(request.user, subpage.page),
    }
    if status is None:
        status = 400 if form.is_bound else 200
    return render(request, "tropes/characters_form.html", context, status=status)


def _conflict(request, subpage, form, result):
    """Both edits changed the same fields: keep the editor's values, starting from the
    revision saved meanwhile, and say which fields."""
    fields = ", ".join(form.fields[name].label or name for name in result.conflicts)
    data = request.POST.copy()
    data["base_revision"] = result.latest_revision
    resolving = _form(request, subpage, data, stored_image=result.character.image.name)
    resolving.is_valid()
    messages.warning(request, CONFLICT.format(fields=fields))
    return _editor(request, subpage, resolving, result.character, status=409)


def _address(subpage, character):
    return f"{subpage.page.get_absolute_url()}#{character.anchor}"


def _order_url(subpage):
    return f"{subpage.page.get_absolute_url()}/characters/order"
