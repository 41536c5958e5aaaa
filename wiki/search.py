"""Finding pages: the search index, ranked full-text search, and Go To suggestions.

Each page has one SearchEntry of plain text without spoilers: its title, the
titles of its redirects, its kind's summary, its body and what its kind shows on
it besides (see wiki.kinds). On PostgreSQL a stored, GIN-indexed
vector weights them A to D, queries use websearch syntax, and title typos are
forgiven through trigram similarity. Elsewhere every word must appear in some
field, ranked by the best field it appears in: simpler, still correct.

Each query costs the same on the biggest pages as on small ones. Ranking reads each entry's
whole vector, so only a bounded set of candidates is ranked: the entries titled with the
query's words, and the first COUNT_LIMIT + 1 entries matching it. Matches are counted up to
COUNT_LIMIT + 1 ("more than 1,000"), snippets are cut from a bounded prefix of the text for
the shown page only, and typos are looked up by title with a threshold and a limit.
Whatever writes entries says so (wiki.search_answers), so answers kept are never stale.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramDistance,
    TrigramSimilarity,
)
from django.db import connection, connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Collate, Concat, Length, Substr, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiki import kinds, markup, search_answers
from wiki.models import Page, SearchEntry

CONFIG = "english"
TEXT_FIELDS = ("title", "aliases", "summary", "body", "extra")
SNIPPET_SOURCE_CHARS = 3_000
TYPO_RESULTS = 50  # titles offered when no page has the words searched for
TYPO_SIMILARITY = 0.3  # how alike (0 to 1) a title must be to count as what was meant
SNIPPET_WORDS = 30
COUNT_LIMIT = 1_000  # matches counted, and ranked, at most (one more says there are more)
TITLE_CANDIDATES = 200  # entries titled with the query's words ranked besides
START, STOP = "\x02", "\x03"  # highlight markers that cannot occur in page text

# An entry's TEXT_FIELDS by name.
EntryTexts = dict[str, str]


def postgres() -> bool:
    return connection.vendor == "postgresql"


# Keeping the index current.


def index(page: Page) -> None:
    """Bring `page`'s entry up to date (a redirect updates the page it leads to)."""
    if page.redirect_to_id:
        target = Page.objects.filter(pk=page.redirect_to_id).first()
        if target is None or target.redirect_to_id:
            return
        page = target
    _store(page, entry_texts([page])[page.pk])
    search_answers.index_changed()


def index_pages(page_ids: Iterable[int]) -> None:
    """Bring many pages' entries up to date (redirects: the pages they lead to), their texts
    read in a fixed number of queries."""
    page_ids = list(page_ids)
    targets = Page.objects.filter(pk__in=page_ids).values("redirect_to")
    pages = list(
        Page.objects.articles()
        .filter(Q(pk__in=page_ids) | Q(pk__in=targets))
        .select_related(*kinds.related())
    )
    texts = entry_texts(pages)
    for page in pages:
        _store(page, texts[page.pk])
    search_answers.index_changed()


def rebuild(progress: Callable[[int], object] | None = None, batch: int = 1000) -> int:
    """Index every page from scratch (after a bulk import), in batches; return how many."""
    pages = Page.objects.articles().order_by("pk")
    count, last = 0, 0
    while chunk := list(pages.filter(pk__gt=last)[:batch]):
        texts = entry_texts(chunk)
        SearchEntry.objects.bulk_create(
            [SearchEntry(page=page, **texts[page.pk]) for page in chunk],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=list(TEXT_FIELDS),
        )
        count, last = count + len(chunk), chunk[-1].pk
        if progress:
            progress(count)
    if postgres():
        SearchEntry.objects.update(vector=vector_of())  # one statement for the whole table
    search_answers.index_changed()
    return count


def vector_of(texts: Mapping[str, str] | None = None) -> Combinable:
    """The weighted vector of an entry's fields, or of `texts` about to be stored."""

    def part(name: str) -> Value | F:
        return Value(texts[name]) if texts else F(name)

    return (
        SearchVector(part("title"), weight="A", config=CONFIG)
        + SearchVector(part("aliases"), part("summary"), weight="B", config=CONFIG)
        + SearchVector(part("body"), weight="C", config=CONFIG)
        + SearchVector(part("extra"), weight="D", config=CONFIG)
    )


def entry_texts(pages: list[Page]) -> dict[int, EntryTexts]:
    """{pk: the texts of the page's entry}, in a fixed number of queries for all `pages`."""
    extras = kinds.search_texts(pages)
    aliases: dict[int, list[str]] = {}
    redirects = Page.objects.filter(redirect_to__in=pages).values_list("redirect_to_id", "title")
    for target, title in redirects:
        aliases.setdefault(target, []).append(title)
    texts: dict[int, EntryTexts] = {}
    for page in pages:
        summary, extra = extras.get(page.pk, ("", ""))
        texts[page.pk] = {
            "title": page.title,
            "aliases": " ".join(aliases.get(page.pk, [])),
            "summary": summary,
            "body": markup.plain_text(page.body),
            "extra": extra,
        }
    return texts


def _store(page: Page, texts: EntryTexts) -> None:
    """One UPDATE (text and vector together), or an INSERT for a page new to the index.
    Its callers say the index changed, once for all they store."""
    values = {**texts, "vector": vector_of(texts)} if postgres() else texts
    if not SearchEntry.objects.filter(pk=page.pk).update(**values):
        SearchEntry.objects.create(page=page, **values)


# Searching.


@dataclass(frozen=True)
class Found:
    """What a list of pages found shows of one, kept with the answer without the page."""

    title: str
    namespace: str
    url: str
    kind: str  # its kind's label

    @classmethod
    def of(cls, page: Page) -> "Found":
        return cls(page.title, page.namespace, page.get_absolute_url(), page.kind_hooks.label)


@dataclass(frozen=True)
class Result:
    page: Found
    snippet: SafeString


class Counted:
    """A queryset whose length is known already, so a paginator does not count it again:
    matches counted up to COUNT_LIMIT + 1, of which the first COUNT_LIMIT are listed, and
    `more` says whether there are more."""

    def __init__(self, queryset: QuerySet[SearchEntry], count: int) -> None:
        self.queryset, self._count = queryset, min(count, COUNT_LIMIT)
        self.more = count > COUNT_LIMIT

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> QuerySet[SearchEntry]:  # a paginator's page
        return self.queryset[index]


def search(
    text: str, kind: str = "", namespace: str = ""
) -> QuerySet[SearchEntry] | list[SearchEntry] | Counted:
    """Entries matching `text`, best first, for a paginator (a queryset, or a list of the
    titles closest to a misspelt query)."""
    text = text.strip()[:200]
    entries = SearchEntry.objects.select_related("page").defer(
        "vector", "page__body", "page__body_html", "page__quote", "page__quote_html"
    )
    if kind:
        entries = entries.filter(page__kind=kind)
    if namespace:
        entries = entries.filter(page__namespace__iexact=namespace)
    if not text:
        return entries.none()
    exact = Case(When(title__iexact=text, then=1), default=0, output_field=IntegerField())
    if postgres():
        # Long text stays in the database: snippets are cut there, for shown results only.
        entries = entries.defer("aliases", "summary", "body", "extra")
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        matches = entries.filter(vector=query)
        count = _count(matches)
        if not count:
            # No page has these words: perhaps a typo. Titles similar enough in trigrams
            # (pg_trgm's %, at its default threshold of TYPO_SIMILARITY) come from their
            # trigram index, closest first; ranking every title by distance is slower.
            similar = entries.filter(title__trigram_similar=text).annotate(
                distance=TrigramDistance("title", text)
            )
            return list(similar.order_by("distance", "title")[:TYPO_RESULTS])
        ranked = (
            entries.filter(pk__in=_candidates(matches, text))
            .annotate(rank=SearchRank(F("vector"), query), exact=exact)
            .order_by("-exact", "-rank", "title")
        )
        return Counted(ranked, count)
    words, excluded = _words(text)
    for word in words:
        entries = entries.filter(_anywhere(word))
    for word in excluded:
        entries = entries.exclude(_anywhere(word))
    if not words:
        return entries.none()
    count = entries[: COUNT_LIMIT + 1].count()
    first = words[0]
    field_rank = Case(
        When(title__icontains=first, then=Value(4)),
        When(Q(aliases__icontains=first) | Q(summary__icontains=first), then=Value(3)),
        When(body__icontains=first, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ranked = entries.annotate(exact=exact, rank=field_rank).order_by("-exact", "-rank", "title")
    return Counted(ranked, count)


def _count(matches: QuerySet[SearchEntry]) -> int:
    """How many entries match, up to COUNT_LIMIT + 1."""
    sql, params = matches.values("pk").query.sql_with_params()
    # A plain LIMIT would make the planner scan the table in order and test every vector
    # against the query; a materialized CTE keeps the index's bitmap, and stops reading early.
    with connections[matches.db].cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql}) "
            f"SELECT count(*) FROM (SELECT 1 FROM matches LIMIT {COUNT_LIMIT + 1}) AS first",
            params,
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _candidates(matches: QuerySet[SearchEntry], text: str) -> RawSQL:
    """The entries worth ranking, at most COUNT_LIMIT + 1 + TITLE_CANDIDATES + a few: the
    pages titled `text`, those whose titles hold its words, then any that match (ranked by
    weight, titles come first anyway). Same CTE as _count, for the same reason."""
    every, every_params = matches.values("pk").query.sql_with_params()
    ctes, cte_params = [f"matches (page_id) AS MATERIALIZED ({every})"], [*every_params]
    parts = [f"(SELECT page_id FROM matches LIMIT {COUNT_LIMIT + 1})"]
    titled_exactly = matches.annotate(key=Collate(Upper("title"), "C")).filter(key=_upper(text))
    exact_sql, part_params = titled_exactly.values("pk").query.sql_with_params()
    parts.append(f"({exact_sql} LIMIT {TITLE_CANDIDATES})")  # by the title prefix index
    # Words of three letters or more: the trigram index on titles finds those.
    words = [word for word in _words(text)[0] if len(word) >= 3]
    if words:
        titled = matches
        for word in words:
            titled = titled.filter(title__icontains=word)
        titled_sql, titled_params = titled.values("pk").query.sql_with_params()
        ctes.append(f"titled (page_id) AS MATERIALIZED ({titled_sql})")
        cte_params += titled_params
        parts.append(f"(SELECT page_id FROM titled LIMIT {TITLE_CANDIDATES})")
    sql = f"WITH {', '.join(ctes)} {' UNION '.join(parts)}"
    return RawSQL(sql, (*cte_params, *part_params))


def results(page_of_entries: Iterable[SearchEntry], text: str) -> list[Result]:
    """Results with safe, highlighted snippets, for one page of entries."""
    entries = list(page_of_entries)
    words, _ = _words(text)
    # Titles offered for a misspelt query matched no words: nothing to highlight.
    misspelt = bool(entries) and hasattr(entries[0], "distance")
    snippets: dict[int, str] = {}
    if postgres():
        snippets = _openings(entries) if misspelt else _headlines(entries, text)
    found = []
    for entry in entries:
        raw = snippets.get(entry.pk)
        if raw is None:
            text = entry.body or entry.extra or entry.summary
            raw = _snippet(text[:SNIPPET_SOURCE_CHARS], words)
        found.append(Result(Found.of(entry.page), _highlight(raw)))
    return found


def _openings(entries: list[SearchEntry]) -> dict[int, str]:
    """How each shown page opens, in one query (the long text is not loaded on PostgreSQL)."""
    rows = SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries]).values_list(
        "pk", Substr("body", 1, 300)
    )
    return {pk: _snippet(opening, []) for pk, opening in rows}


def _headlines(entries: list[SearchEntry], text: str) -> dict[int, str]:
    """PostgreSQL's highlighted excerpts, computed for the shown entries only."""
    query = SearchQuery(text.strip()[:200], search_type="websearch", config=CONFIG)
    # Bounded, so a page with thousands of examples costs no more than a long one: each
    # field is cut before they are joined, so no more of either is read (and decompressed).
    source = Substr(
        Concat(
            Substr("body", 1, SNIPPET_SOURCE_CHARS),
            Value(" … "),
            Substr("extra", 1, SNIPPET_SOURCE_CHARS),
            output_field=TextField(),
        ),
        1,
        SNIPPET_SOURCE_CHARS,
    )
    headline = SearchHeadline(
        source,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )
    rows = (
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries])
        .annotate(snippet=headline, opening=Substr("body", 1, 300))
        .values_list("pk", "snippet", "opening")
    )
    # A headline without a highlighted word matched the title only: show how the page opens.
    return {
        pk: snippet if START in (snippet or "") else _snippet(opening, [])
        for pk, snippet, opening in rows
    }


def suggest(text: str, limit: int = 8) -> list[Found]:
    """Pages whose title starts with, contains or (on PostgreSQL) resembles `text`, in that
    order; each step runs only if the ones before it found too few."""
    text = text.strip()[:100]
    if not text:
        return []
    entries = SearchEntry.objects.select_related("page").only(
        "title", "page__namespace", "page__name", "page__title", "page__kind"
    )
    found = list(_starting_with(entries, text)[:limit])
    # Two letters are inside too many titles to say anything: only prefixes count then.
    steps = [_containing, _resembling] if len(text) >= 3 else []
    for step in steps:
        if len(found) >= limit:
            break
        others = step(entries, text).exclude(pk__in=[entry.pk for entry in found])
        found += list(others[: limit - len(found)])
    return [Found.of(entry.page) for entry in found]


def _starting_with(entries: QuerySet[SearchEntry], text: str) -> QuerySet[SearchEntry]:
    if not postgres():
        return entries.filter(title__istartswith=text).order_by("title")
    # A range scan of the wiki_search_title_prefix index that stops after `limit` rows.
    key = Collate(Upper("title"), "C")
    return entries.annotate(key=key).filter(key__startswith=_upper(text)).order_by("key")


def _containing(entries: QuerySet[SearchEntry], text: str) -> QuerySet[SearchEntry]:
    # Served by the trigram GIN index on upper(title); the shortest titles are the closest.
    return entries.filter(title__icontains=text).order_by(Length("title"), "title")


def _resembling(entries: QuerySet[SearchEntry], text: str) -> QuerySet[SearchEntry]:
    if not postgres():
        return entries.none()
    # Typos rarely hit the first letter: only titles sharing it are compared, a short range
    # of the prefix index (similarity(), unlike %, keeps the planner off the trigram index).
    return (
        _starting_with(entries, text[0])
        .annotate(similarity=TrigramSimilarity("title", text))
        .filter(similarity__gte=TYPO_SIMILARITY)
        .order_by("-similarity", "title")
    )


def _upper(text: str) -> str:
    """Upper case as PostgreSQL's upper() does it: one character for one ("ß" stays)."""
    return "".join(char.upper() if len(char.upper()) == 1 else char for char in text)


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words to find and the `-words` to exclude, quotes ignored."""
    terms = re.findall(r'-?"[^"]+"|-?\S+', text)
    words: list[str] = []
    excluded: list[str] = []
    for term in terms:
        target = excluded if term.startswith("-") and len(term) > 1 else words
        term = term.lstrip("-").strip('"')
        if term and term.lower() != "or":
            target.append(term)
    return words, excluded


def _anywhere(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(aliases__icontains=word)
        | Q(summary__icontains=word)
        | Q(body__icontains=word)
        | Q(extra__icontains=word)
    )


def _snippet(text: str, words: list[str]) -> str:
    """About SNIPPET_WORDS words of `text` around the first word found, marked."""
    tokens = text.split()
    lowered = [word.lower() for word in words]
    at = next(
        (i for i, token in enumerate(tokens) if any(word in token.lower() for word in lowered)), 0
    )
    start = max(0, at - SNIPPET_WORDS // 3)
    chosen = tokens[start : start + SNIPPET_WORDS]
    marked = [
        f"{START}{token}{STOP}" if any(word in token.lower() for word in lowered) else token
        for token in chosen
    ]
    return (
        ("… " if start else "")
        + " ".join(marked)
        + (" …" if len(tokens) > start + len(chosen) else "")
    )


def _highlight(raw: str | None) -> SafeString:
    """Escape the snippet, then turn the markers into <mark>: safe whatever the page said."""
    html = escape(raw or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)
