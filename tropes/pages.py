"""What work and trope pages show beyond the page itself."""

from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse

from tropes import creation
from tropes.forms import TropeFieldsForm, WorkFieldsForm
from tropes.media import MEDIA, medium_label
from tropes.models import Example, ExampleVote, Trope, Work, title_or_deleted
from wiki import kinds
from wiki.models import MAIN


def attach_user_votes(user, examples):
    """Set `my_vote` on each example to the user's vote (or None), in one query."""
    mine = {}
    if user.is_authenticated and examples:
        mine = dict(
            ExampleVote.objects.filter(user=user, example__in=examples).values_list(
                "example_id", "value"
            )
        )
    for example in examples:
        example.my_vote = mine.get(example.pk)


def present_work(request, page):
    work = getattr(page, "work", None)
    if work is None:  # a page marked as a work before its work record exists
        return "wiki/page.html", {}
    examples = list(Example.objects.for_work(work))
    for example in examples:
        example.work = work
    attach_user_votes(request.user, examples)
    rated = [e for e in examples if e.rating_count]
    top = max(rated, key=lambda e: (e.ranking_score, e.rating_count), default=None)
    subtitle = f"{work.medium_label}, {work.year}" if work.year else work.medium_label
    return "tropes/work.html", {
        "work": work,
        "subtitle": subtitle,
        "examples": examples,
        "top_example": top,
    }


SORTS = {"title": "Work title", "rating": "Rating"}
# A trope with more examples than this shows the first few of each medium, each medium's
# folder linking to all of its examples, a page at a time.
EXAMPLES_ON_PAGE = 400
MEDIUM_PREVIEW = 20
MEDIUM_PAGE = 100


def example_sort(request):
    preferred = getattr(request.user, "example_sort", "title")
    return request.GET.get("sort") if request.GET.get("sort") in SORTS else preferred


def present_trope(request, page):
    trope = getattr(page, "trope", None)
    if trope is None:
        return "wiki/page.html", {}
    sort = example_sort(request)
    ordered = Example.objects.sorted_for_trope(trope, sort)
    examples = list(ordered[: EXAMPLES_ON_PAGE + 1])
    counts = None
    if len(examples) > EXAMPLES_ON_PAGE:
        counts = Example.objects.filter(trope=trope).medium_counts()
        examples = list(ordered.first_in_each_medium(MEDIUM_PREVIEW))
    for example in examples:
        example.trope = trope
    attach_user_votes(request.user, examples)
    by_medium = []
    for namespace, group in groupby(examples, key=lambda e: e.work.page.namespace):
        group = list(group)
        count = counts[namespace] if counts else len(group)
        by_medium.append(Medium(namespace, medium_label(namespace), count, group))
    return "tropes/trope.html", {
        "trope": trope,
        "examples_by_medium": by_medium,
        "example_count": sum(counts.values()) if counts else len(examples),
        "folded": counts is not None,
        "sort": sort,
        "sorts": SORTS,
    }


@dataclass
class Medium:
    namespace: str
    label: str
    count: int
    examples: list

    @property
    def more(self):
        return self.count - len(self.examples)


def example_source(records, describe):
    return kinds.HistorySource(
        records.select_related("trope__page", "work__page"),
        "text",
        describe,
        link=lambda record: _url(record.work),
        revision_link=lambda record: reverse("tropes:example_revision", args=[record.history_id]),
        namespace_field="work__page__namespace",
        page_fields=("work_id", "trope_id"),
    )


def work_search_texts(pages):
    """Each work's examples, with the trope they are examples of."""
    return _example_texts(pages, "work_id", "trope__page__title", lambda page: "")


def trope_search_texts(pages):
    """Each trope's laconic, and its examples with the work they are in."""
    laconics = dict(Trope.objects.filter(pk__in=[p.pk for p in pages]).values_list(
        "pk", "laconic"))
    return _example_texts(pages, "trope_id", "work__page__title",
                          lambda page: laconics.get(page.pk, ""))


def _example_texts(pages, owner, other_title, summary):
    texts = {page.pk: [] for page in pages}
    rows = Example.objects.filter(**{f"{owner}__in": list(texts)}).values_list(
        owner, other_title, "search_text")
    for page_id, title, text in rows:
        texts[page_id].append(f"{title}: {text}")
    return {page.pk: (summary(page), " ".join(texts[page.pk])) for page in pages}


def work_history(page):
    examples = Example.history.filter(work_id=page.pk)
    return [
        example_source(examples, lambda r: f"{title_or_deleted(r.trope)} in {page.title}"),
        kinds.HistorySource(Work.history.filter(page_id=page.pk), None, lambda r: "year"),
    ]


def trope_history(page):
    examples = Example.history.filter(trope_id=page.pk)
    return [
        example_source(examples, lambda r: f"{page.title} in {title_or_deleted(r.work)}"),
        kinds.HistorySource(Trope.history.filter(page_id=page.pk), "laconic",
                            lambda r: "laconic"),
    ]


def all_examples_source():
    return example_source(
        Example.history.all(),
        lambda r: f"example {title_or_deleted(r.trope)} in {title_or_deleted(r.work)}",
    )


def _url(related):
    return related.page.get_absolute_url() if related is not None else ""


kinds.register(
    "work",
    kinds.Kind(presenter=present_work, related="work", extra_form=WorkFieldsForm,
               history=work_history, skeleton=creation.WORK_SKELETON,
               on_create=creation.new_work, namespaces=tuple(MEDIA),
               search_texts=work_search_texts),
)
kinds.register(
    "trope",
    kinds.Kind(presenter=present_trope, related="trope", extra_form=TropeFieldsForm,
               history=trope_history, skeleton=creation.TROPE_SKELETON,
               on_create=creation.new_trope, namespaces=(MAIN,),
               search_texts=trope_search_texts, query={"sort": SORTS}),
)
kinds.register_changes(all_examples_source)
