"""Search entries against pages: one for each page with content of its own, holding what
wiki.search would index for it now, and none for a redirect. A cut page is out of search
(wiki.cutting), and out of this check until it is restored."""

from collections.abc import Iterator

from django.db.models import Q

from wiki import search
from wiki.integrity.checking import Batch, Check, Problem, in_batches
from wiki.models import Page, SearchEntry

MISSING, EXTRA = "missing", "extra"
# Fields joined from rows read in no particular order (redirects' titles, examples): the same
# words in another order are the same entry.
UNORDERED = {"aliases", "extra"}


class SearchEntries(Check):
    name = "search"
    description = "each page's search entry: missing, left on a redirect, or not what it says now"

    def scan(self, size: int) -> Iterator[Batch]:
        pages = Page.objects.filter(cut=False).only(
            "pk", "namespace", "name", "kind", "title", "body", "redirect_to"
        )
        for chunk in in_batches(pages, size):
            yield Batch(len(chunk), _problems(chunk))

    def repair(self, problems: list[Problem]) -> None:
        extra = [p.subject for p in problems if p.subject[1] == EXTRA]
        stale = [p.subject[0] for p in problems if p.subject[1] != EXTRA]
        # Only while the page is still a redirect: one that became an article meanwhile
        # has just been indexed by its own save.
        SearchEntry.objects.filter(
            pk__in=[pk for pk, _ in extra], page__redirect_to__isnull=False
        ).delete()
        # Locked first, so an example saved meanwhile, which indexes the page in its own
        # transaction, either waits for this one or is read by it; neither writes over the
        # other's newer text.
        list(SearchEntry.objects.select_for_update().filter(pk__in=stale).values_list("pk"))
        search.index_pages(stale)


def _problems(pages: list[Page]) -> list[Problem]:
    entries = {
        row["page"]: row
        for row in SearchEntry.objects.filter(page__in=pages).values("page", *search.TEXT_FIELDS)
    }
    unvectored = set()
    if search.postgres():
        unvectored = set(
            SearchEntry.objects.filter(Q(page__in=pages) & Q(vector=None)).values_list(
                "pk", flat=True
            )
        )
    articles = [page for page in pages if page.redirect_to_id is None]
    expected = search.entry_texts(articles)
    problems = []
    for page in pages:
        entry = entries.get(page.pk)
        if page.redirect_to_id is not None:
            if entry is not None:
                problems.append(Problem(f"{page}: a redirect with an entry", (page.pk, EXTRA)))
            continue
        if entry is None:
            problems.append(Problem(f"{page}: no entry", (page.pk, MISSING)))
            continue
        outdated = [name for name in search.TEXT_FIELDS if _differs(name, entry, expected[page.pk])]
        if page.pk in unvectored:
            outdated.append("vector")
        if outdated:
            what = f"{page}: entry outdated ({', '.join(outdated)})"
            problems.append(Problem(what, (page.pk, "outdated")))
    return problems


def _differs(name: str, entry: dict[str, str], expected: dict[str, str]) -> bool:
    if name in UNORDERED:
        return sorted(entry[name].split()) != sorted(expected[name].split())
    return entry[name] != expected[name]
