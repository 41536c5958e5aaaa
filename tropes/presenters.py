"""What work and trope pages show beyond the page itself (registered in tropes.kinds)."""

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, Subquery
from django.utils.http import urlencode

from tropes import played, relations
from tropes.example_rows import vote_note
from tropes.forms import RelationForm
from tropes.media import medium_label
from tropes.models import Example, ExampleVote, Subpage, Trope
from tropes.subpages import family
from wiki import personal
from wiki.models import Page


def attach_user_votes(user, examples):
    """Set `my_vote` on each example to the user's vote (or None), in one query."""
    mine = {}
    if user.is_authenticated and examples:
        mine = dict(
            ExampleVote.objects.filter(
                user=user, example__in=[example.pk for example in examples]
            ).values_list("example_id", "value")
        )
    for example in examples:
        example.my_vote = mine.get(example.pk)


def attach_votes_for(request, examples):
    """Set the reader's votes on `examples` (attach_user_votes), unless the page is rendered
    for every member like them: it has marks where votes go, filled in by the fillers below."""
    if personal.sharing(request) is None:
        attach_user_votes(request.user, examples)


def _member_votes(member):
    """The member's votes on the examples of the work or trope a kept page shows (a work's
    or trope's id is its page's), or of the work whose subpage it is, in one query for all
    of them: cheaper to ask than by the ids of those shown."""
    page = member.page.pk
    # A subpage's examples are its work's (tropes.subpages.presenting): its work's id, read
    # once by the database (a scalar subquery), is matched by index like the page's own.
    subpage_work = Subquery(Subpage.objects.filter(page=page).values("work_id")[:1])
    examples = Example.objects.filter(Q(work_id=page) | Q(trope_id=page) | Q(work_id=subpage_work))
    return dict(
        ExampleVote.objects.filter(user=member.user, example__in=examples).values_list(
            "example_id", "value"
        )
    )


def fill_vote(member, example_id):
    """The member's vote beside an example in a list."""
    notes, no_vote = member.once("vote notes", lambda: _vote_notes(member))
    return notes.get(example_id, no_vote)


def _vote_notes(member):
    """The markup beside each example the member voted on, by example id, and beside any
    other (tropes.example_rows writes the rest of the row)."""
    votes = member.once("votes", lambda: _member_votes(member))
    return {str(example): vote_note(value) for example, value in votes.items()}, vote_note(None)


def fill_vote_box(member, example_id):
    """The member's vote in an example's vote box, and the buttons to change it."""
    value = member.once("votes", lambda: _member_votes(member)).get(int(example_id))
    return personal.render_block("tropes/_vote.html", "vote_box", {"my_vote": value})


def present_work(request, page):
    work = getattr(page, "work", None)
    if work is None:  # a page marked as a work before its work record exists
        return "wiki/page.html", {}
    # YMMV and trivia tropes' examples are on the work's subpages, not here (nor featured).
    examples = Example.objects.for_work_page(work).listed("trope")
    attach_votes_for(request, examples)
    rated = [e for e in examples if e.rating_count]
    top = max(rated, key=lambda e: (e.ranking_score, e.rating_count), default=None)
    subtitle = f"{work.medium_label}, {work.year}" if work.year else work.medium_label
    return "tropes/work.html", {
        "work": work,
        "subtitle": subtitle,
        "examples": examples,
        "top_example": None if top is None else _featured(top, work),
        **family.tab_bar(work.pk, page.pk, work=work).context(),
    }


def _featured(listed, work):
    """The work's best rated example, listed, as the model its box reads
    (tropes/_featured_example.html), with no query more."""
    page = listed.subject
    trope = Trope(
        page=Page(id=listed.trope_id, namespace=page.namespace, name=page.name, title=page.title),
        kind=listed.trope_kind,
    )
    example = Example(
        pk=listed.pk,
        trope=trope,
        work=work,
        played=listed.played,
        text_html=listed.text_html,
        rating_count=listed.rating_count,
        rating_average=listed.rating_average,
    )
    example.my_vote = listed.my_vote
    return example


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
    # Its relations from either side (tropes.relations), and the form editors add one with.
    related = {"related_tropes": relations.groups_for(trope), "relation_form": RelationForm()}
    if trope.example_rule == Trope.ExampleRule.NONE:  # a definition only: no list to read
        return "tropes/trope.html", {"trope": trope, **related}
    sort = example_sort(request)
    way = played_filter(request)
    ordered = Example.objects.sorted_for_trope(trope, sort)
    examples = ordered[: EXAMPLES_ON_PAGE + 1].listed("work")
    counts = None
    if len(examples) > EXAMPLES_ON_PAGE:
        # Each medium's examples counted by how they play the trope: the folders' counts
        # and the filter's, in one query.
        counts, ways = Counter(), Counter()
        for (namespace, played), count in (
            Example.objects.filter(trope=trope).medium_and_played_counts().items()
        ):
            ways[played] += count
            if way in (None, played):
                counts[namespace] += count
        shown = ordered.filter(played=way) if way else ordered
        examples = shown.first_in_each_medium(MEDIUM_PREVIEW).listed("work")
    else:  # all of them are read: counted and filtered here, with no query more
        ways = Counter(example.played for example in examples)
        examples = [example for example in examples if way in (None, example.played)]
    attach_votes_for(request, examples)
    by_medium = []
    for namespace, group in groupby(examples, key=lambda e: e.subject.namespace):
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
        "played": way,
        "played_ways": played_ways(ways, way),
        # What a medium's folder is asked for, to list the same examples in the same order.
        "medium_query": _query(sort=None if sort == "title" else sort, played=way),
        **related,
    }


def _query(**params):
    """The query string of the parameters given a value: "?sort=rating&played=subverted"."""
    given = {name: value for name, value in params.items() if value}
    return f"?{urlencode(given)}" if given else ""


def played_filter(request):
    """How the reader asked a trope's examples to play it (`?played=subverted`), or None."""
    way = request.GET.get("played")
    return way if way in played.FILTERS else None


def played_ways(counts, chosen=None):
    """[(value, label, number of examples)] of the ways a trope's examples play it, in
    PlayedAs's order: the trope page's filter, shown where they play it more than one way
    or the reader chose one."""
    ways = [
        (value, label, counts[value])
        for value, label in played.FILTERS.items()
        if counts[value] or value == chosen
    ]
    return ways if len(ways) > 1 or chosen else []


@dataclass
class Medium:
    namespace: str
    label: str
    count: int
    examples: list

    @property
    def more(self):
        return self.count - len(self.examples)
