"""The character or installment of its work a new example is about, as the example form's
address names it: `?work=Anime/MetallicRouge&character=RougeRedstar` (an anchor on the
work's Characters subpage) or `&installment=3` (its number)."""

from dataclasses import dataclass

from django.db.models import Subquery
from django.http import Http404

from tropes.character_list import spoiler_name
from tropes.models import Character, Installment, Subpage, SubpageKind
from wiki.models import page_path


@dataclass(frozen=True)
class Part:
    character: Character | None = None
    installment: Installment | None = None
    url: str = ""  # where the example shows: the character's folder, the installment's recap
    label: str = ""  # after the work's title in the form's heading, a spoiler name hidden

    @property
    def lookup(self):
        """What tells the example from the work's own example of the same trope."""
        return {"character": self.character, "installment": self.installment}


NONE = Part()  # the work itself


def chosen(query, work):
    """The Part `query` names for `work`; Http404 if it names one the work does not have."""
    anchor, number = query.get("character", ""), query.get("installment", "")
    if anchor:
        # With the address of its work's Characters subpage, read beside it.
        listing = Subpage.objects.filter(
            work=work, kind__structure=SubpageKind.Structure.CHARACTERS
        )
        character = (
            Character.objects.filter(work=work, anchor=anchor)
            .annotate(
                listing_namespace=Subquery(listing.values("page__namespace")[:1]),
                listing_name=Subquery(listing.values("page__name")[:1]),
            )
            .first()
        )
        if character is None or character.listing_name is None:
            raise Http404("The work has no such character.")
        url = f"{page_path(character.listing_namespace, character.listing_name)}#{anchor}"
        return Part(
            character=character,
            url=url,
            label=spoiler_name(character.name, character.name_is_spoiler),
        )
    if number:
        installment = (
            Installment.objects.select_related("page").filter(work=work, number=number).first()
            if number.isdigit() and len(number) < 10
            else None
        )
        if installment is None:
            raise Http404("The work has no such installment.")
        label = installment.label or installment.page.title
        return Part(installment=installment, url=installment.page.get_absolute_url(), label=label)
    return NONE
