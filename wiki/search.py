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
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate, Concat, Length, Substr, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiki import kinds, markup, search_answers
from wiki.models import Page, SearchEntry

CONFIG = "english"
TEXT_FIELDS = ("title", "aliases", "summary", "body", "extra")
SNIPPET_SOURCE_CHARS = 1_500  # of each text, for a snippet: ts_headline costs by the character
TYPO_RESULTS = 50  # titles offered when no page has the words searched for
TYPO_SIMILARITY = 0.3  # how alike (0 to 1) a title must be to count as what was meant
SNIPPET_WORDS = 30
SUMMARY_CHARS = 200  # of a kind's one-liner (a laconic), shown under each page found
COUNT_LIMIT = 1_000  # matches counted, and ranked, at most (one more says there are more)
TITLE_CANDIDATES = 200  # entries titled with the query's words ranked besides
START, STOP = "\x02", "\x03"  # highlight markers that cannot occur in page text

# An entry's TEXT_FIELDS by name.
EntryTexts = dict[str, str]


def postgres() -> bool:
    return connection.vendor == "postgresql"


# Keeping the index current.


def index(page: Page, changed: Collection[str] | None = None) -> None:
    """Bring `page`'s entry up to date (a redirect updates the page it leads to).

    `changed` names the fields a save wrote, where it said (update_fields): unless its kind
    or redirect is among them, only the page's own texts are stored, and the entry keeps what
    its aliases and kind put there, which are stored when they change: an edit to a work
    page does not read its hundreds of examples again."""
    if page.cut:  # out of search until restored, which indexes it whole again
        if SearchEntry.objects.filter(page=page).delete()[0]:
            search_answers.index_changed()
        return
    own_fields_only = changed is not None and not {"kind", "redirect_to"} & set(changed)
    if own_fields_only and not page.redirect_to_id and _store(page, own_texts(page), partial=True):
        search_answers.index_changed()
        return
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
    asked = Page.objects.filter(pk__in=list(page_ids)).order_by()
    # A union, not "ids OR a subquery", which makes PostgreSQL read every page (25 ms).
    chosen = asked.values("pk").union(asked.exclude(redirect_to=None).values("redirect_to"))
    pages = list(Page.objects.articles().filter(pk__in=chosen).select_related(*kinds.related()))
    texts = entry_texts(pages)
    for page in pages:
        _store(page, texts[page.pk])
    search_answers.index_changed()


def index_summary(page_id: int, summary: str) -> None:
    """Store `summary` (its kind's one-liner: a laconic) in the page's entry, keeping the rest:
    a work's new laconic does not read its hundreds of examples again. A page new to the index
    gets its summary when it is indexed whole."""
    if _store(Page(pk=page_id), {"summary": summary}, partial=True):
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
        return Value(texts[name]) if texts and name in texts else F(name)

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
            **own_texts(page),
            "aliases": " ".join(aliases.get(page.pk, [])),
            "summary": summary,
            "extra": extra,
        }
    return texts


def own_texts(page: Page) -> EntryTexts:
    """What the page's own fields put in its entry; the rest is its aliases' and kind's."""
    return {"title": page.title, "body": markup.plain_text(page.body)}


def _store(page: Page, texts: EntryTexts, partial: bool = False) -> bool:
    """One UPDATE (text and vector together, the vector also of the texts stored before where
    `partial`), or an INSERT for a page new to the index; False for a `partial` page new to
    it. Its callers say the index changed, once for all they store."""
    values = {**texts, "vector": vector_of(texts)} if postgres() else texts
    if SearchEntry.objects.filter(pk=page.pk).update(**values):
        return True
    if partial:
        return False
    SearchEntry.objects.create(page=page, **values)
    return True


# Searching.


FOUND_FIELDS = ("title", "namespace", "name", "kind")  # what Found reads of a page


@dataclass(frozen=True)
class Found:
    """What a list of pages found shows of one, kept with the answer without the page."""

    title: str
    namespace: str
    url: str
    kind: str  # its kind's label
    summary: str = ""  # its kind's one-liner, from its entry: a work's or trope's laconic

    @classmethod
    def of(cls, page: Page, summary: str = "") -> "Found":
        return cls(
            page.title,
            page.namespace,
            page.get_absolute_url(),
            page.kind_hooks.label,
            summary[:SUMMARY_CHARS],
        )


@dataclass(frozen=True)
class Result:
    page: Found
    snippet: SafeString


class Counted:
    """Matches already counted, up to COUNT_LIMIT + 1, so a paginator does not count them
    again: the first COUNT_LIMIT are listed, and `more` says whether there are more."""

    def __init__(self, count: int) -> None:
        self._count, self.more = min(count, COUNT_LIMIT), count > COUNT_LIMIT

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count


class CountedQuery(Counted):
    """A queryset of counted matches, sliced by the paginator."""

    def __init__(self, queryset: QuerySet[SearchEntry], count: int) -> None:
        super().__init__(count)
        self.queryset = queryset

    def __getitem__(self, index: slice) -> QuerySet[SearchEntry]:  # a paginator's page
        return self.queryset[index]


class Ranked(Counted):
    """Matches ranked by PostgreSQL (the SQL of _ranking), read a paginator's page at a
    time: entries of their keys alone, for results() to show."""

    def __init__(self, sql: str, params: tuple[Any, ...], db: str, count: int) -> None:
        super().__init__(count)
        self.sql, self.params, self.db = sql, params, db

    def __getitem__(self, index: slice) -> list[SearchEntry]:
        start, stop = index.start or 0, index.stop or self._count
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"{self.sql} LIMIT %s OFFSET %s", (*self.params, stop - start, start))
            return [SearchEntry(page_id=pk) for (pk,) in cursor.fetchall()]


def search(
    text: str, kind: str = "", namespace: str = ""
) -> QuerySet[SearchEntry] | list[SearchEntry] | Counted:
    """Entries matching `text`, best first, for a paginator (a queryset, or a list of the
    titles closest to a misspelt query)."""
    text = text.strip()[:200]
    entries = SearchEntry.objects.all()
    if kind:
        entries = entries.filter(page__kind=kind)
    if namespace:
        entries = entries.filter(page__namespace__iexact=namespace)
    if not text:
        return entries.none()
    if postgres():
        # Only keys and titles: the shown entries' pages and snippets are read by results().
        entries = entries.only("title")
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        matches = entries.filter(vector=query)
        count = _count(matches)
        if not count:
            # No page has these words: perhaps a typo. Titles similar enough in trigrams
            # (pg_trgm's %, at its default threshold of TYPO_SIMILARITY) come from their
            # GIN trigram index, closest first; ranking every title by distance is slower.
            similar = entries.filter(title__trigram_similar=text).annotate(
                distance=TrigramDistance("title", text)
            )
            return list(similar.order_by("distance", "title")[:TYPO_RESULTS])
        return Ranked(*_ranking(matches, query, text), matches.db, count)
    entries = entries.select_related("page").defer(
        "vector", "page__body", "page__body_html", "page__quote", "page__quote_html"
    )
    words, excluded = _words(text)
    for word in words:
        entries = entries.filter(_anywhere(word))
    for word in excluded:
        entries = entries.exclude(_anywhere(word))
    if not words:
        return entries.none()
    count = entries[: COUNT_LIMIT + 1].count()
    exact = Case(When(title__iexact=text, then=1), default=0, output_field=IntegerField())
    first = words[0]
    field_rank = Case(
        When(title__icontains=first, then=Value(4)),
        When(Q(aliases__icontains=first) | Q(summary__icontains=first), then=Value(3)),
        When(body__icontains=first, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ranked = entries.annotate(exact=exact, rank=field_rank).order_by("-exact", "-rank", "title")
    return CountedQuery(ranked, count)


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


def _ranking(
    matches: QuerySet[SearchEntry], query: SearchQuery, text: str
) -> tuple[str, tuple[Any, ...]]:
    """SQL listing the keys of the best of `matches`, best first: the page titled `text`,
    then by rank and title. Ranking reads each entry's whole vector, so only candidates are
    ranked, at most COUNT_LIMIT + 1 + 2 × TITLE_CANDIDATES of them: the pages titled `text`
    (by the title prefix index), those whose titles hold its words (by the trigram index),
    and the first matches (by the full-text index). Titles outrank the rest anyway.

    Each is a CTE, materialized, ranked as it is read and read no further than its LIMIT:
    with a plain LIMIT, the planner would scan the table in order, testing each vector."""
    scored = matches.annotate(rank=SearchRank(F("vector"), query))
    columns = ("pk", "title", "rank")  # as the CTEs name them: page_id, title, rank
    ctes: list[str] = []
    parts: list[str] = []
    params: list[Any] = []

    def candidates(name: str, entries: QuerySet[SearchEntry], limit: int) -> None:
        sql, entries_params = entries.values(*columns).query.sql_with_params()
        ctes.append(f"{name} (page_id, title, rank) AS MATERIALIZED ({sql})")
        params.extend(entries_params)
        parts.append(f"(SELECT * FROM {name} LIMIT {limit})")

    candidates("matches", scored, COUNT_LIMIT + 1)
    key = Collate(Upper("title"), "C")
    candidates("exact", scored.annotate(key=key).filter(key=_upper(text)), TITLE_CANDIDATES)
    words = [word for word in _words(text)[0] if len(word) >= 3]  # the trigrams' least
    if words:
        titled = scored
        for word in words:
            titled = titled.filter(title__icontains=word)
        candidates("titled", titled, TITLE_CANDIDATES)
    sql = (
        f"WITH {', '.join(ctes)} SELECT page_id FROM ({' UNION '.join(parts)}) AS candidates "
        "ORDER BY upper(title) = upper(%s) DESC, rank DESC, title"
    )
    return sql, (*params, text)


def results(page_of_entries: Iterable[SearchEntry], text: str) -> list[Result]:
    """Results with safe, highlighted snippets, for one page of entries."""
    entries = list(page_of_entries)
    if postgres():
        # Titles offered for a misspelt query matched no words: nothing to highlight.
        misspelt = bool(entries) and hasattr(entries[0], "distance")
        shown = _shown([entry.pk for entry in entries], None if misspelt else text)
        # An entry deleted since it was ranked (its page with it) is left out.
        return [shown[entry.pk] for entry in entries if entry.pk in shown]
    words, _ = _words(text)
    found = []
    for entry in entries:
        source = entry.body or entry.extra or entry.summary
        raw = _snippet(source[:SNIPPET_SOURCE_CHARS], words)
        found.append(Result(Found.of(entry.page, entry.summary), _highlight(raw)))
    return found


def _shown(pks: list[int], text: str | None) -> dict[int, Result]:
    """{pk: result} of the shown entries, in one query: PostgreSQL's highlighted
    excerpts of `text`, or how each page opens when there is none. The pages are read for
    the shown entries only, after ranking, rather than joined to every candidate."""
    rows = (
        SearchEntry.objects.filter(pk__in=pks)
        .select_related("page")
        .only("summary", *(f"page__{name}" for name in FOUND_FIELDS))
        .annotate(opening=Substr("body", 1, 300))
    )
    if text is not None:
        rows = rows.annotate(snippet=_headline(text))
    shown = {}
    for row in rows:
        snippet = getattr(row, "snippet", None) or ""
        # A headline without a highlighted word matched the title only: show how it opens.
        raw = snippet if START in snippet else _snippet(row.opening, [])
        shown[row.pk] = Result(Found.of(row.page, row.summary), _highlight(raw))
    return shown


def _headline(text: str) -> SearchHeadline:
    """PostgreSQL's highlighted excerpt of an entry for `text`."""
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
    return SearchHeadline(
        source,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )


def suggest(text: str, limit: int = 8) -> list[Found]:
    """Pages whose title starts with, contains or (on PostgreSQL) resembles `text`, in that
    order; each step runs only if the ones before it found too few."""
    text = text.strip()[:100]
    if not text:
        return []
    entries = SearchEntry.objects.select_related("page").only(
        "title", "summary", *(f"page__{name}" for name in FOUND_FIELDS)
    )
    hidden = kinds.unsuggested()
    if hidden:
        entries = entries.exclude(page__kind__in=hidden)
    found = list(_starting_with(entries, text)[:limit])
    # Two letters are inside too many titles to say anything: only prefixes count then.
    steps = [_containing, _resembling] if len(text) >= 3 else []
    for step in steps:
        if len(found) >= limit:
            break
        others = step(entries, text).exclude(pk__in=[entry.pk for entry in found])
        found += list(others[: limit - len(found)])
    return [Found.of(entry.page, entry.summary) for entry in found]


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
