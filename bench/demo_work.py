"""The demo's Metallic Rouge page (25 examples, about 26 KB), made in the benchmark's database
for the row that times it signed in.

`load_demo` cannot add it there without harm: it votes on every example of the wiki that has no
vote yet, 300,000 of them on the real set. So the page is made here from the demo's own text
(tropes/demo/works.toml), its examples linked to the tropes of the same names, with the demo's
tropes made where the data set lacks them. As in the demo, about half its examples have a few
votes; the benchmark's reader has voted on some of them, so their own votes are shown. Its
poster is left out: it would be one <img> tag more.
"""

import random

from django.db import transaction

from tropes import votes
from tropes.demo import loader
from tropes.models import Example, Trope, Work
from wiki.models import MAIN, Page, page_key
from wiki.revisions import credit

NAMESPACE, NAME = "Anime", "MetallicRouge"
SUMMARY = "The demo's Metallic Rouge, for the benchmark"


def metallic_rouge(author, voters):
    """The page, made the first time (credited to `author`, voted on by `voters`: users)."""
    page = Page.objects.filter(key=page_key(NAMESPACE, NAME)).first()
    if page is None:
        page = _make(author, voters)
    return page


@transaction.atomic
def _make(author, voters):
    trope_data, work_data = loader.load_content()
    item = next(w for w in work_data if w["namespace"] == NAMESPACE and w["name"] == NAME)
    tropes = {t["name"]: t for t in trope_data}
    page = credit(loader.page_of(item, NAMESPACE, Work.KIND), author, SUMMARY)
    page.save()
    work = credit(Work(page=page, year=item.get("year")), author, SUMMARY)
    work.save()
    examples = []
    for example in item["example"]:
        trope = _trope(tropes[example["trope"]], author)
        example = credit(Example(trope=trope, work=work, text=example["text"]), author, SUMMARY)
        example.save()
        examples.append(example)
    rng = random.Random(2128)  # the demo's seed: the same votes on every database
    for example in examples:
        if rng.random() < 0.5:
            for voter in rng.sample(voters, rng.randint(1, min(8, len(voters)))):
                votes.cast_vote(voter, example, rng.randint(3, 5))
    return page


def _trope(item, author):
    """The trope named as the demo's `item`, made from it if the data set lacks it."""
    found = Trope.objects.filter(page__key=page_key(MAIN, item["name"])).first()
    if found is not None:
        return found
    page = credit(loader.page_of(item, MAIN, Trope.KIND), author, SUMMARY)
    page.save()
    trope = credit(Trope(page=page, laconic=item.get("laconic", "")), author, SUMMARY)
    trope.save()
    return trope
