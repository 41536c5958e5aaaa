"""The requests of `manage.py bench --mix`: TV Tropes-like traffic, written out as a plan that
wrk (bench/lua/mix.lua) and bench.mixload both read.

Every address a reader can land on (work, trope and index pages, each namespace's listing
pages, the home page) is put in a random order once, and the address of rank k is drawn with
weight 1 / k^ZIPF_S: a few pages are hot and the long tail is cold, as on the real site. Page
views, signed-in page views, votes and edits all draw their page this way; searches and Go To
draw the title they type from it.

The plan is a tab-separated file, one line a header set ("H", name, header lines joined by
\\x1f) or a request ("R", kind, method, path, header set, form body). Its requests come in a
shuffled order with each kind's exact share. An edit is written as method EDIT and the page's
path: its form is loaded first and posted back changed, which wrk cannot do, so bench.mixload
sends edits.
"""

import math
import random
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from accounts.roles import Role
from bench import members
from tropes.models import Example
from wiki import kinds
from wiki.models import Page
from wiki.views.pages import INDEX_MAX_PAGES, LISTED_PER_PAGE

# Shares of requests, in percent: the mix of issue 13.
MIX = {"anonymous": 85, "signed_in": 7, "search": 4, "goto": 2, "vote": 1, "edit": 1}
ZIPF_S = 1.1
HISTORY_SHARE = 0.05  # of the anonymous views of a page, those of its history
TYPO_SHARE = 0.2  # of searches, those with a letter dropped or two swapped
MEMBERS = 200
EDITORS = 8


@dataclass
class Plan:
    path: str
    requests: int
    addresses: int
    kinds: Counter = field(default_factory=Counter)
    members: list = field(default_factory=list)
    editors: list = field(default_factory=list)


def write(path, requests, seed=13):
    """Write a plan of `requests` requests to `path`, with its members signed in."""
    rng = random.Random(seed)
    addresses = _addresses(rng)
    readers = [members.signed_in(f"bench-member-{n}") for n in range(MEMBERS)]
    editors = [members.signed_in(f"bench-editor-{n}", Role.TRUSTED) for n in range(EDITORS)]
    counts = {kind: round(requests * share / 100) for kind, share in MIX.items()}
    lines = _requests(rng, addresses, counts)
    rng.shuffle(lines)
    with open(path, "w") as plan:
        for name, headers in _header_sets(readers, editors).items():
            plan.write("\t".join(("H", name, "\x1f".join(headers))) + "\n")
        for line in lines:
            plan.write("\t".join(("R", *line)) + "\n")
    return Plan(
        path=str(path),
        requests=len(lines),
        addresses=len(addresses),
        kinds=Counter(line[0] for line in lines),
        members=readers,
        editors=editors,
    )


def _header_sets(readers, editors):
    """Who sends a request: anonymous, htmx, a member reading (m…) or voting (v…), or an
    editor (e…)."""
    sets = {"anonymous": [], "htmx": ["HX-Request: true"]}
    for n, member in enumerate(readers):
        cookie = f"Cookie: {member.headers['Cookie']}"
        sets[f"m{n}"] = [cookie]
        sets[f"v{n}"] = [cookie, f"X-CSRFToken: {member.csrf}", "HX-Request: true"]
    for n, editor in enumerate(editors):
        sets[f"e{n}"] = [f"Cookie: {editor.headers['Cookie']}", f"X-CSRFToken: {editor.csrf}"]
    return sets


def _requests(rng, addresses, counts):
    """(kind, method, path, header set, body) for each request of the mix, kind by kind."""

    def draw(k, among):
        return rng.choices(among, cum_weights=list(_cumulative(len(among))), k=k)

    lines = []
    for address in draw(counts["anonymous"], addresses):
        kind, path = address.kind, address.path
        if address.page_id and rng.random() < HISTORY_SHARE:
            kind, path = "history", f"{path}/history"
        lines.append((kind, "GET", path, "anonymous", ""))
    for address in draw(counts["signed_in"], addresses):
        lines.append(("signed_in", "GET", address.path, f"m{rng.randrange(MEMBERS)}", ""))
    pages = [a for a in addresses if a.page_id]  # in the same order: the same hot pages
    for address in draw(counts["search"], pages):
        query = _typo(rng, address.title) if rng.random() < TYPO_SHARE else address.title
        lines.append(("search", "GET", "/search?" + urlencode({"q": query}), "anonymous", ""))
    for address in draw(counts["goto"], pages):
        typed = address.title[: rng.randint(3, 8)]
        lines.append(("goto", "GET", "/goto?" + urlencode({"q": typed}), "htmx", ""))
    for example in _examples(rng, draw(counts["vote"], [a for a in pages if a.examples])):
        value = urlencode({"value": rng.randint(1, 5)})
        lines.append(
            ("vote", "POST", f"/examples/{example}/vote", f"v{rng.randrange(MEMBERS)}", value)
        )
    editable = [a for a in pages if a.kind in ("work", "trope")]
    for n, address in enumerate(draw(counts["edit"], editable)):
        lines.append(("edit", "EDIT", address.path, f"e{n % EDITORS}", ""))
    return lines


@dataclass
class _Address:
    path: str
    kind: str
    page_id: int | None = None
    title: str = ""
    examples: int = 0


def _addresses(rng):
    """Every address a reader lands on, in a random order."""
    found = [_Address(reverse("tropes:home"), "home")]
    examples = Counter()
    for column in ("work", "trope"):  # a work's or a trope's page is its primary key
        per_page = Example.objects.values(column).annotate(n=Count("pk")).values_list(column, "n")
        examples.update(dict(per_page))
    pages = Page.objects.articles().values_list("pk", "namespace", "name", "title", "kind")
    listed = Counter()
    for pk, namespace, name, title, kind in pages.order_by("pk").iterator(chunk_size=5_000):
        path = reverse("wiki:page", args=[namespace, name])
        kind = "index" if kind == kinds.INDEX else kind
        found.append(_Address(path, kind, pk, title, examples[pk]))
        listed[namespace] += 1
    for namespace, count in listed.items():
        base = reverse("wiki:namespace", args=[namespace])
        for number in range(1, min(math.ceil(count / LISTED_PER_PAGE), INDEX_MAX_PAGES) + 1):
            found.append(_Address(base if number == 1 else f"{base}?page={number}", "index"))
    rng.shuffle(found)
    return found


def _cumulative(n):
    total = 0.0
    for rank in range(1, n + 1):
        total += rank**-ZIPF_S
        yield total


def _examples(rng, pages):
    """An example of each page drawn (a work's or a trope's), for a vote."""
    ids = [a.page_id for a in pages]
    found = defaultdict(list)
    rows = Example.objects.filter(Q(work__in=ids) | Q(trope__in=ids)).values_list(
        "pk", "work", "trope"
    )
    for pk, work_page, trope_page in rows:
        found[work_page].append(pk)
        found[trope_page].append(pk)
    return [rng.choice(found[a.page_id]) for a in pages if found[a.page_id]]


def _typo(rng, title):
    """`title` with one letter dropped or two neighbouring letters swapped."""
    letters = [i for i, c in enumerate(title) if c in string.ascii_letters]
    if len(letters) < 4:
        return title
    i = rng.choice(letters[1:-1])
    if rng.random() < 0.5:
        return title[:i] + title[i + 1 :]
    return title[:i] + title[i + 1] + title[i] + title[i + 2 :]
