"""A work's installments (episodes, chapters, issues), each a page of its own in the Recap
namespace whose text is its summary, in the work's order: creating one, live or held for
review, and keeping fresh the pages that show the order.

An installment's page shows its work, its previous and next installments and its tropes; the
work's Recap subpage lists every installment. What it shows of its work and tropes is kept in
the link table (origin RECAP), so renaming one of them gives it a new stamp as any link does
(wiki.freshness.touch_neighbours). Its neighbours and the Recap subpage are given new stamps
by the receivers at the end whenever an installment or its page is created, renumbered,
edited, moved or deleted: one statement each, so that an edit renumbering an installment
stays within a page edit's budget of queries.
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from tropes.listed_tropes import FIELDS as TROPE_FIELDS
from tropes.listed_tropes import ListedTrope
from tropes.models import Example, Installment, Subpage, SubpageKind, Work
from wiki import aftercommit, freshness, markup, moderation
from wiki.models import Page, PageLink, PendingChange, link_keys
from wiki.revisions import credit

NAMESPACE = "Recap"
CREATED = "Created the page"
# Link origin: what an installment's page shows of other pages (its work, its tropes).
RECAP = "recap"
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
    """The page of an installment, and the keys of the pages it shows besides its own text
    that the link table keeps: its work, its tropes and the pages its examples' texts link
    to. One query: the installment joined with its examples."""
    rows = list(
        Installment.objects.filter(pk=installment_id).values_list(
            "page__key", "work__page__key", "examples__trope__page__key", "examples__text"
        )
    )
    if not rows:
        return None, set()
    own, work = rows[0][:2]
    targets = [work]
    for _, _, trope_key, text in rows:
        if trope_key is not None:
            targets += [trope_key, *markup.links(text)]
    return Page(pk=installment_id, key=own), link_keys(targets, own)


def relink(installment_ids, touch_targets=True):
    """Record what each installment's page shows (shown_keys) in the link table, so that
    renaming its work or one of its tropes gives it a new stamp; give the pages that gained
    or lost it among their backlinks new stamps, unless the caller knows they have them."""
    for installment_id in installment_ids:
        page, keys = shown_keys(installment_id)
        if page is not None:
            changed = page.record_links(RECAP, keys)
            if touch_targets:
                freshness.touch_keys(changed)


def _beside(work, number):
    """Where the installments just before and just after `number` in `work` (ids, or
    expressions) are: a Q of pages, for one statement."""
    installments = Installment.objects.filter(work=work)
    before = installments.filter(number__lt=number).order_by("-number").values("pk")[:1]
    after = installments.filter(number__gt=number).order_by("number").values("pk")[:1]
    return models.Q(pk=models.Subquery(before)) | models.Q(pk=models.Subquery(after))


def _recap_subpage_of(work):
    return models.Q(
        pk__in=Subpage.objects.filter(
            work=work, kind__structure=SubpageKind.Structure.RECAPS
        ).values("page_id")
    )


def touch_around(installment, *numbers):
    """Give new stamps to the installments either side of each of `numbers` in the
    installment's work (their Previous/Next links) and to its Recap subpage (its list), in
    one statement."""
    shown = _recap_subpage_of(installment.work_id)
    for number in numbers:
        shown |= _beside(installment.work_id, number)
    freshness.touch(Page.objects.filter(shown))


@receiver(post_save, sender=Installment)
def installment_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    # Renumbered, it leaves two neighbours and joins two others.
    numbers = {instance.number, getattr(instance, "loaded_number", None) or instance.number}
    touch_around(instance, *numbers)
    instance.loaded_number = instance.number
    if created:
        relink([instance.pk])


@receiver(post_delete, sender=Installment)
def installment_removed(sender, instance, **kwargs):
    # The installments either side of it now lead to each other.
    touch_around(instance, instance.number)


@receiver(post_save, sender=Page)
def recap_page_saved(sender, instance, created, raw=False, **kwargs):
    # Its neighbours and the Recap subpage show its title and address, which an edit or a
    # move may change. A new page has no installment yet: installment_saved tells them.
    if not raw and not created and instance.kind == Installment.KIND:
        _touch_around_page(instance.pk)


@receiver(pre_delete, sender=Page)
def recap_page_deleting(sender, instance, **kwargs):
    if instance.kind == Installment.KIND:
        _touch_around_page(instance.pk)


def _touch_around_page(page_id):
    """touch_around for the installment of the page `page_id`, read by the statement itself."""
    mine = Installment.objects.filter(pk=page_id)
    work, number = mine.values("work")[:1], mine.values("number")[:1]
    installments = Installment.objects.filter(work=models.Subquery(work))
    before = installments.filter(number__lt=models.Subquery(number)).order_by("-number")
    after = installments.filter(number__gt=models.Subquery(number)).order_by("number")
    freshness.touch(
        Page.objects.filter(
            models.Q(pk=models.Subquery(before.values("pk")[:1]))
            | models.Q(pk=models.Subquery(after.values("pk")[:1]))
            | _recap_subpage_of(models.Subquery(work))
        )
    )


@receiver(post_save, sender=Example)
def example_saved(sender, instance, raw=False, **kwargs):
    # The page itself is given a new stamp with the example's others (tropes.signals).
    if not raw and instance.installment_id:
        # The pages gaining or losing a link through it (its trope, those its text links
        # to) are given new stamps by the example's own links on its work's page.
        relink([instance.installment_id], touch_targets=False)


@receiver(post_delete, sender=Example)
def example_removed(sender, instance, **kwargs):
    if instance.installment_id:
        aftercommit.once(freshness.touch, [instance.installment_id])
        aftercommit.once(relink, [instance.installment_id])
