"""Making a work's subpage: a page in its kind's namespace, with its work and kind stored
beside it (Subpage), live or held for review like any new page."""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tropes.models import Subpage, SubpageKind, Work
from wiki import creation
from wiki.models import Page, PendingChange, page_key
from wiki.moderation import holding
from wiki.revisions import credit

NEW_SUBPAGE = "new_subpage"  # the kind of a held new subpage (PendingChange.kind)
NAME_LENGTH = 100  # Page.name's
TITLE_LENGTH = 200  # Page.title's
# Where two works of one name in different media both have a subpage of a kind, the second
# is named for its medium (OldboyFilm); past that, numbered.
NUMBERED = 9

SKELETON = """\
What this page is about, in a sentence or two.

* One entry a bullet, with enough context to follow it without knowing the work.
"""


def missing_kinds(work):
    """The kinds of subpage `work` has no page of yet, and may have: its laconic is a field of
    the work (shown at /Laconic/<Name>), not a page."""
    return SubpageKind.objects.exclude(structure=SubpageKind.Structure.LACONIC).exclude(
        subpages__work=work
    )


def subpage_name(work_page, kind):
    """The address the work's subpage of `kind` gets in the kind's namespace: the work's own
    name (/YMMV/MetallicRouge), or where another page has it, the name followed by the
    work's medium (/YMMV/OldboyFilm), then numbered."""
    name = work_page.name
    candidates = [name, f"{name}{work_page.namespace}"]
    candidates += [f"{name}{work_page.namespace}{n}" for n in range(2, NUMBERED + 1)]
    candidates = [candidate for candidate in candidates if len(candidate) <= NAME_LENGTH]
    keys = {page_key(kind.namespace, candidate): candidate for candidate in candidates}
    taken = set(Page.objects.filter(key__in=keys).values_list("key", flat=True))
    free = [candidate for key, candidate in keys.items() if key not in taken]
    if not free:
        raise ValidationError(f"No free name for {work_page.title}'s page in {kind.namespace}.")
    return free[0]


def subpage_title(work_page, kind):
    return f"{kind.name} / {work_page.title}"[:TITLE_LENGTH]


def check(work, kind):
    """Raise ValidationError, saying why, if `work` may not have a new subpage of `kind`."""
    if kind.structure == SubpageKind.Structure.LACONIC:
        raise ValidationError(
            "A work's laconic is one line of the work's own: write it in the work's edit form."
        )
    if Subpage.objects.filter(work=work, kind=kind).exists():
        raise ValidationError(f"{work.page.title} already has a {kind.name} page.")


def create_subpage(work, kind, user):
    """Create `work`'s subpage of `kind`, credited to `user`, and return its page. Every page
    of the work's family gets a new stamp with it (tropes.subpages.signals)."""
    check(work, kind)
    try:
        with transaction.atomic():
            page = creation.create_page(
                kind.namespace,
                subpage_name(work.page, kind),
                subpage_title(work.page, kind),
                Subpage.KIND,
                user,
            )
            credit(Subpage(page=page, work=work, kind=kind), user, creation.SUMMARY).save()
    except IntegrityError:
        # Another editor made it, or took its name, since the checks above: they say which.
        check(work, kind)
        raise ValidationError("That page's name was taken meanwhile; try again.") from None
    return page


@dataclass(frozen=True)
class HeldSubpage:
    """What a held new subpage stores, as JSON in PendingChange.payload: the name it gets is
    chosen when it is approved, when it may differ."""

    work: int
    kind: int


def hold_new_subpage(work, kind, user):
    """Keep `work`'s new subpage of `kind` for review instead of creating it: the held twin
    of create_subpage (wiki.moderation.save_or_hold)."""
    check(work, kind)
    name = f"{kind.namespace}/{subpage_name(work.page, kind)}"
    return holding.hold(
        NEW_SUBPAGE,
        f"New page {name} ({subpage_title(work.page, kind)})",
        asdict(HeldSubpage(work.pk, kind.pk)),
        user,
        page=work.page,  # shown on the work's page to its author while it waits
        summary=creation.SUMMARY,
        size_change=len(SKELETON),
    )


def register_handler():
    """Called once the apps are ready (tropes.apps)."""
    holding.register(NEW_SUBPAGE, holding.Handler(texts=_texts, apply=_apply))


def _texts(change: PendingChange):
    return "", SKELETON


def _apply(change: PendingChange):
    held = HeldSubpage(**change.payload)
    work = Work.objects.select_related("page").filter(pk=held.work).first()
    kind = SubpageKind.objects.filter(pk=held.kind).first()
    if work is None or kind is None:
        return "conflict"  # the work or the kind is gone
    try:
        change.page = create_subpage(work, kind, change.author)
    except ValidationError:
        return "conflict"  # someone made it meanwhile
    return "saved"
