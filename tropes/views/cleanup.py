"""Flagging an example as lacking context, and the cleanup queue (/cleanup) that lists the
examples flagged or marked by the editor hints."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from accounts.access import rate_limited
from tropes import context_flags, lookup
from tropes.forms import ContextFlagForm
from tropes.hints import hint_labels
from tropes.media import MEDIA
from tropes.models import ContextFlag, Example, example_path
from wiki import paging
from wiki.models import PageLink
from wiki.navigation import safe_next_url

PER_PAGE = 50
# Read by OFFSET (wiki.paging): the queue is narrowed by medium and trope past 1,000 examples.
MAX_PAGES = 20
NOTES_SHOWN = 3  # each example's latest notes


def flag_limited(view):
    """Flags share the reports' limit a minute: both are a member's word on what others
    wrote."""
    return rate_limited("context_flag", "REPORT_RATE_LIMIT", "flags")(view)


@require_http_methods(["GET", "POST"])
@flag_limited
def flag(request, pk):
    """The flag widget (htmx; a plain GET goes to the example's page), and flagging."""
    example = get_object_or_404(Example.objects.for_voting(), pk=pk)
    if request.method == "GET":
        if not request.htmx:
            return redirect("tropes:example", pk=pk)
        return _widget(request, example)
    refused = _refused(request, example)
    if refused:
        return refused
    form = ContextFlagForm(request.POST)
    if not form.is_valid():
        return _widget(request, example, refusal=" ".join(form.errors["note"]), status=400)
    try:
        context_flags.flag(example, request.user, form.cleaned_data["note"])
        said = "Flagged as lacking context. Thank you: editors will see it in the cleanup list."
    except context_flags.AlreadyFlagged:
        said = "You have flagged this example already."
    return _answer(request, example, said)


@require_POST
@flag_limited
def withdraw(request, pk):
    example = get_object_or_404(Example.objects.for_voting(), pk=pk)
    refused = _refused(request, example)
    if refused:
        return refused
    withdrawn = context_flags.withdraw(example, request.user)
    return _answer(request, example, "Flag withdrawn." if withdrawn else "You had no flag on it.")


def _refused(request, example):
    """The answer to a member who may not flag, or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(example_path(example.pk))
    refusal = roles.refusal(request.user, roles.REPORT)
    if not refusal:
        return None
    if request.htmx:
        return _widget(request, example, refusal=refusal, status=403)
    raise PermissionDenied(refusal)


def _answer(request, example, said):
    if request.htmx:
        return _widget(request, example, saved=said)
    messages.info(request, said)
    return redirect(safe_next_url(request, default=example_path(example.pk)))


def _widget(request, example, status=200, **said):
    context = widget_context(request, example.pk)
    return render(request, "tropes/_context_flag.html", {**context, **said}, status=status)


def widget_context(request, example_id, flag_count=None):
    """What the flag widget shows `request`'s reader of an example: their own flag, and for
    editors, how many members flagged it (`flag_count`, read when not given)."""
    editor = request.user.is_authenticated and roles.has(request.user, roles.EDIT)
    if editor and flag_count is None:
        flags = Example.objects.filter(pk=example_id).values_list("context_flags", flat=True)
        flag_count = flags.first() or 0
    return {
        "example_id": example_id,
        "example_url": example_path(example_id),
        "my_flag": context_flags.my_flag(request.user, example_id),
        "flag_count": flag_count if editor else 0,
    }


# The queue.


@dataclass(frozen=True)
class Listed:
    """An example as the queue lists it."""

    pk: int
    text_html: str
    flags: int
    hints: list[str]
    trope: PageLink
    work: PageLink
    notes: list[str]

    @property
    def url(self):
        return example_path(self.pk)


class QueuePaginator(paging.CappedPaginator):
    """Counts the queue (`counted`: its examples, not joined with their pages) no further
    than its last page and one example more: past that, the queue is narrowed by medium or
    trope, and a count would read it all."""

    def __init__(self, object_list, per_page, max_pages, counted):
        super().__init__(object_list, per_page, max_pages)
        self.counted = counted

    @cached_property
    def count(self):
        # In no order: counting stops at that many, where sorting would read them all.
        limit = self.per_page * self.max_pages + 1
        return self.counted.order_by().values("pk")[:limit].count()


LISTED = (
    "pk",
    "text_html",
    "context_flags",
    "hints",
    *(f"{side}__page__{name}" for side in ("trope", "work") for name in ("namespace", "name")),
    "trope__page__title",
    "work__page__title",
)


def cleanup(request):
    namespace = request.GET.get("namespace", "")
    namespace = namespace if namespace in MEDIA else ""
    typed = request.GET.get("trope", "").strip()[:200]
    trope = lookup.resolve("trope", typed) if typed else None
    examples = context_flags.queue(namespace, trope.pk if trope else None)
    if typed and trope is None:
        examples = examples.none()
    paginator = QueuePaginator(examples.values_list(*LISTED), PER_PAGE, MAX_PAGES, examples)
    shown = paginator.get_page(request.GET.get("page"))
    notes = _notes([row[0] for row in shown])
    context = {
        "examples": [_listed(row, notes.get(row[0], [])) for row in shown],
        "page_obj": shown,
        "more_than": PER_PAGE * MAX_PAGES if paginator.count > PER_PAGE * MAX_PAGES else None,
        "media": MEDIA,
        "namespace": namespace,
        "typed": typed,
        "trope": trope,
    }
    return render(request, "tropes/cleanup.html", context)


def _listed(row, notes):
    pk, text_html, flags, hints, t_ns, t_name, w_ns, w_name, t_title, w_title = row
    return Listed(
        pk,
        text_html,
        flags,
        hint_labels(hints),
        PageLink(t_ns, t_name, t_title),
        PageLink(w_ns, w_name, w_title),
        notes,
    )


def _notes(example_ids):
    """{example id: [its latest notes]}, NOTES_SHOWN at most each, in one query."""
    if not example_ids:
        return {}
    latest = Window(RowNumber(), partition_by=F("example"), order_by=F("created").desc())
    rows = (
        ContextFlag.objects.filter(example__in=example_ids)
        .exclude(note="")
        .alias(place=latest)
        .filter(place__lte=NOTES_SHOWN)
        .values_list("example_id", "note")
    )
    notes = {}
    for example_id, note in rows:
        notes.setdefault(example_id, []).append(note)
    return notes
