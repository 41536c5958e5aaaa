"""The works and tropes a /Laconic/<Name> address names, each with its one-line summary.

The summary is one field of the work or trope (its `laconic`), edited with its page: this
only reads it, so it can never disagree with what search and the trope's page show. A name
may belong to a trope and to works in several media (Main/Oldboy, Film/Oldboy, Manga/Oldboy):
all of them are listed.
"""

from dataclasses import dataclass

from django.urls import reverse

from tropes.media import medium_label
from tropes.models import Trope, Work
from wiki.models import Page, page_path

# Pages named at one address at most: a name is rarely a work in more than a few media.
OWNERS_SHOWN = 20


@dataclass(frozen=True)
class Owner:
    """A work or trope as its laconic page shows it."""

    pk: int
    kind: str  # Work.KIND or Trope.KIND
    namespace: str
    name: str
    title: str
    laconic: str

    @property
    def url(self):
        return page_path(self.namespace, self.name)

    @property
    def edit_url(self):
        return reverse("wiki:edit", args=[self.namespace, self.name])

    @property
    def label(self):
        """What it is: "Trope", or the work's medium ("Live-Action TV")."""
        return "Trope" if self.kind == Trope.KIND else medium_label(self.namespace)

    @property
    def is_work(self):
        return self.kind == Work.KIND


def owners(name):
    """The tropes, then the works, called `name` (in any case), in one query."""
    rows = (
        Page.objects.articles()
        .filter(name_lower=name.lower(), kind__in=[Trope.KIND, Work.KIND])
        .values_list("pk", "kind", "namespace", "name", "title", "trope__laconic", "work__laconic")
    )
    found = [
        Owner(pk, kind, namespace, page_name, title, trope_laconic or work_laconic or "")
        for pk, kind, namespace, page_name, title, trope_laconic, work_laconic in rows[
            :OWNERS_SHOWN
        ]
    ]
    return sorted(found, key=lambda owner: (owner.kind != Trope.KIND, owner.namespace))
