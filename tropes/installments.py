"""A work's installments (episodes, chapters, issues), each a page of its own in the Recap
namespace whose text is its summary, in the work's order: creating one, live or held for
review, and keeping fresh the pages that show the order.

An installment's page shows its work, its previous and next installments and its tropes; the
work's Recap subpage lists every installment. Both record those pages in the link table
(origins RECAP and RECAPS), so a page of them renamed, retitled or deleted gives them new
stamps as any link does (wiki.freshness.touch_neighbours). What the link table cannot see, an
installment created, renumbered or removed, or one of its examples changed, is told here by
the receivers at the end.
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tropes.listed_tropes import FIELDS as TROPE_FIELDS
from tropes.listed_tropes import ListedTrope
from tropes.models import Example, Installment, Subpage, SubpageKind, Work
from wiki import aftercommit, freshness, markup, moderation
from wiki.models import Page, PageLink, PendingChange, link_keys
from wiki.revisions import credit

NAMESPACE = "Recap"
CREATED = "Created the page"
# Link origins: what an installment's page shows of other pages, and what a Recap subpage lists.
RECAP, RECAPS = "recap", "recaps"
NEW_INSTALLMENT = "new_installment"  # the kind of a held new installment (PendingChange.kind)


@dataclass(frozen=True, slots=True)
class ListedInstallment:
    """An installment as lists and Previous/Next links show it, read as values."""

    number: int
    label: str
    page: PageLink
    work_title: str = ""

    @property
    def short_title(self):
        """Its title without the work's title and its label before it, which every title of
        a work's list would repeat: "Metallic Rouge E3: Awakening" is listed "Awakening"."""
        title = self.page.title
        for prefix in (f"{self.work_title} {self.label}: ", f"{self.work_title}: "):
            if self.work_title and title.startswith(prefix) and len(title) > len(prefix):
                return title[len(prefix) :]
        return title


@dataclass(frozen=True)
class Around:
    """What an installment's page shows of other pages: its work, and its neighbours."""

    work: PageLink
    previous: ListedInstallment | None
    next: ListedInstallment | None
    tropes: list[ListedTrope] = field(default_factory=list)  # where they were asked for


def recap_pages(work_id):
    """The work's Recap subpage, as a queryset of pages (one at most)."""
    return Page.objects.filter(
        subpage__work_id=work_id, subpage__kind__structure=SubpageKind.Structure.RECAPS
    )


def recap_subpage(work):
    return (
        Subpage.objects.select_related("page")
        .filter(work=work, kind__structure=SubpageKind.Structure.RECAPS)
        .first()
    )


_LISTED = ("number", "label", "page__namespace", "page__name", "page__title")


def listed(work_id):
    """[ListedInstallment] of the work, in order: one query."""
    rows = (
        Installment.objects.filter(work=work_id)
        .order_by("number")
        .values_list(*_LISTED, "work__page__title")
    )
    return [_listed(row[:5], row[5]) for row in rows]


def _listed(row, work_title=""):
    number, label, namespace, name, title = row
    return ListedInstallment(number, label, PageLink(namespace, name, title), work_title)


def around(installment, with_tropes=False):
    """Its work and its previous and next installments (and `with_tropes`, its tropes), read
    in one query: the installment itself (which always exists, and brings its work's page)
    and its two neighbours, its own rows joined with its examples."""
    work = installment.work_id
    previous = (
        Installment.objects.filter(work=work, number__lt=installment.number)
        .order_by("-number")
        .values("number")[:1]
    )
    following = (
        Installment.objects.filter(work=work, number__gt=installment.number)
        .order_by("number")
        .values("number")[:1]
    )
    rows = Installment.objects.filter(work=work).filter(
        models.Q(pk=installment.pk)
        | models.Q(number=models.Subquery(previous))
        | models.Q(number=models.Subquery(following))
    )
    fields = [*_LISTED, "work__page__namespace", "work__page__name", "work__page__title"]
    if with_tropes:
        # Its own examples alone: a neighbour's row comes without any.
        own = models.FilteredRelation(
            "examples", condition=models.Q(examples__installment=installment.pk)
        )
        rows = rows.alias(own=own).order_by("number", "own__trope__page__title")
        fields += [f"own__{name}" for name in TROPE_FIELDS]
    found, work_page, tropes = {}, None, []
    for row in rows.values_list(*fields):
        work_page = PageLink(*row[5:8])
        found[row[0]] = _listed(row[:5], work_page.title)
        if with_tropes and row[8] is not None:
            tropes.append(ListedTrope.from_row(row[8:]))
    before = [n for n in found if n < installment.number]
    after = [n for n in found if n > installment.number]
    return Around(
        work_page,
        found[max(before)] if before else None,
        found[min(after)] if after else None,
        tropes,
    )


def next_number(work):
    """The number an installment added at the end of the work's list takes."""
    last = Installment.objects.filter(work=work).aggregate(last=models.Max("number"))["last"]
    return (last or 0) + 1


def page_title(work, label, title):
    """The work's title, the label and the installment's own title, as the old site titled
    recap pages ("Metallic Rouge E3: Awakening"): search finds them by it."""
    return f"{work.page.title} {label}: {title}" if label else f"{work.page.title}: {title}"


def page_name(work, label, title):
    return markup.to_wikiword(f"{work.page.name} {label} {title}")[:100]


def create_installment(work, number, label, title, summary, user):
    """Create and return the installment `number` of `work`, with its page in the Recap
    namespace (titled and named by page_title and page_name), whose text is `summary`.
    ValidationError if the number or the name is taken."""
    page, installment = _checked(work, number, label, title, summary)
    try:
        with transaction.atomic():
            credit(page, user, CREATED).save()
            installment.page = page
            credit(installment, user, CREATED).save()
    except IntegrityError:
        # Someone took the number or the name between the check and the save: the check,
        # made again, says which.
        _checked(work, number, label, title, summary)
        raise
    return installment


def hold_new_installment(work, number, label, title, summary, user):
    """Keep a new installment for review instead of creating it (create_installment's twin)."""
    page, _ = _checked(work, number, label, title, summary)
    held = HeldInstallment(work.pk, number, label, title, page.body)
    recap = recap_subpage(work)
    return moderation.hold(
        NEW_INSTALLMENT,
        f"New recap {page.title}",
        asdict(held),
        user,
        page=recap.page if recap else work.page,
        summary=CREATED,
        size_change=len(page.body),
    )


def _checked(work, number, label, title, summary):
    """The page and installment creating them would save; ValidationError where it would
    refuse."""
    page = Page(
        namespace=NAMESPACE,
        name=page_name(work, label, title),
        title=page_title(work, label, title),
        kind=Installment.KIND,
        body=summary,
    )
    page.full_clean()
    page.prepare()
    installment = Installment(work=work, number=number, label=label)
    installment.full_clean(exclude=["page"])
    return page, installment


@dataclass(frozen=True)
class HeldInstallment:
    """What a held new installment stores, as JSON in PendingChange.payload."""

    work: int
    number: int
    label: str
    title: str
    summary: str


def register_handler():
    """Called once the apps are ready (tropes.apps, through tropes.recaps)."""
    moderation.register(NEW_INSTALLMENT, moderation.Handler(texts=_held_texts, apply=_apply_held))


def _held_texts(change: PendingChange):
    return "", HeldInstallment(**change.payload).summary


def _apply_held(change: PendingChange):
    held = HeldInstallment(**change.payload)
    work = Work.objects.select_related("page").filter(pk=held.work).first()
    if work is None:
        return "conflict"
    try:
        installment = create_installment(
            work, held.number, held.label, held.title, held.summary, change.author
        )
    except (ValidationError, IntegrityError):  # the number or the name was taken meanwhile
        return "conflict"
    change.page = installment.page
    return "saved"


def shown_keys(installment_id):
    """The keys of the pages an installment's page shows besides its own text: its work, its
    neighbours, its tropes and the pages its examples' texts link to."""
    installment = Installment.objects.filter(pk=installment_id).select_related("page").first()
    if installment is None:
        return None, set()
    shown = around(installment)
    keys = [f"{shown.work.namespace}/{shown.work.name}"]
    keys += [
        f"{neighbour.page.namespace}/{neighbour.page.name}"
        for neighbour in (shown.previous, shown.next)
        if neighbour is not None
    ]
    for trope_key, text in Example.objects.filter(installment=installment_id).values_list(
        "trope__page__key", "text"
    ):
        keys += [trope_key, *markup.links(text)]
    return installment.page, link_keys(keys, installment.page.key)


def relink(installment_ids):
    """Record what each installment's page shows (shown_keys) in the link table; give the
    pages that gained or lost it among their backlinks new stamps."""
    for installment_id in installment_ids:
        page, keys = shown_keys(installment_id)
        if page is not None:
            freshness.touch_keys(page.record_links(RECAP, keys))


def relink_recaps(work_id):
    """Record the installments a work's Recap subpage lists in the link table."""
    keys = {
        f"{namespace}/{name}".lower()
        for namespace, name in Installment.objects.filter(work=work_id).values_list(
            "page__namespace", "page__name"
        )
    }
    for page in recap_pages(work_id):
        freshness.touch_keys(page.record_links(RECAPS, keys - {page.key}))


def _neighbours(work_id, number):
    """The ids of the installments just before and just after `number` in the work."""
    work = Installment.objects.filter(work=work_id)
    before = work.filter(number__lt=number).order_by("-number").values_list("pk", flat=True)[:1]
    after = work.filter(number__gt=number).order_by("number").values_list("pk", flat=True)[:1]
    return [*before, *after]


@receiver(pre_save, sender=Installment)
def _remember_number(sender, instance, raw=False, **kwargs):
    # Renumbering changes two pairs of neighbours: those it leaves, and those it joins.
    instance._stored_number = None
    if not raw and not instance._state.adding:
        instance._stored_number = (
            Installment.objects.filter(pk=instance.pk).values_list("number", flat=True).first()
        )


@receiver(post_save, sender=Installment)
def installment_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    changed = {instance.pk, *_neighbours(instance.work_id, instance.number)}
    stored = getattr(instance, "_stored_number", None)
    if stored is not None and stored != instance.number:
        changed.update(_neighbours(instance.work_id, stored))
    # Their Previous/Next links, and the Recap subpage's list of labels in order.
    relink(changed)
    relink_recaps(instance.work_id)
    freshness.touch(changed)
    freshness.touch(recap_pages(instance.work_id))


@receiver(post_delete, sender=Installment)
def installment_removed(sender, instance, **kwargs):
    # The installments either side of it now lead to each other. They are given new stamps
    # now; their links, and the Recap subpage's, are recorded again once the transaction
    # commits: a cascade (a work deleted with its installments) may be deleting their pages.
    neighbours = _neighbours(instance.work_id, instance.number)
    freshness.touch(neighbours)
    freshness.touch(recap_pages(instance.work_id))
    aftercommit.once(relink, neighbours)
    aftercommit.once(_relink_recaps_of, [instance.work_id])


def _relink_recaps_of(work_ids):
    for work_id in work_ids:
        relink_recaps(work_id)


@receiver(post_save, sender=Example)
def example_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.installment_id:
        relink([instance.installment_id])
        freshness.touch([instance.installment_id])


@receiver(post_delete, sender=Example)
def example_removed(sender, instance, **kwargs):
    if instance.installment_id:
        aftercommit.once(freshness.touch, [instance.installment_id])
        aftercommit.once(relink, [instance.installment_id])


@receiver(post_save, sender=Subpage)
def subpage_created(sender, instance, created, raw=False, **kwargs):
    # A Recap subpage made after its work's installments lists them all at once.
    if created and not raw and instance.kind.structure == SubpageKind.Structure.RECAPS:
        relink_recaps(instance.work_id)
