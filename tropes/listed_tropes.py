"""The tropes a character or an installment is listed with, "Trope: text", as the Characters
subpage and a recap page show them: read as values and written by Python, as
tropes.example_rows does for work and trope pages (a Characters page lists hundreds).

They carry no rating: a vote is given on the example's own page, or on the work's and trope's
pages, whose stamps votes change (tropes.votes), not on these.
"""

from dataclasses import dataclass

from django.template.defaultfilters import urlencode
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tropes import played, trope_kinds
from tropes.models import example_path
from wiki import markup
from wiki.models import PageLink

ROW = """<li class="example" id="example-{pk}"><div class="example-text markup">\
<strong class="example-subject"><a href="{trope_url}">{trope_title}</a>{kind}:</strong> \
{played}{text}</div>{edit}</li>
"""
EDIT = '<div class="example-actions"><a href="{url}/edit?next={next}">edit</a></div>'

# What an example of a character or an installment is read with, after the name of the
# relation leading to it ("examples__" from a character, "" from the example itself).
FIELDS = (
    "pk",
    "trope__page__namespace",
    "trope__page__name",
    "trope__page__title",
    "trope__kind",
    "played",
    "text_html",
)


@dataclass(slots=True)
class ListedTrope:
    pk: int
    trope: PageLink
    trope_kind: str
    played: str
    text_html: str

    @classmethod
    def from_row(cls, row):
        """From the values of FIELDS, in order."""
        pk, namespace, name, title, kind, played_as, text_html = row
        return cls(pk, PageLink(namespace, name, title), kind, played_as, text_html)


def rows(listed, missing, editing_from=None):
    """One `<li>` for each ListedTrope; with an edit link coming back to `editing_from` (the
    path of the page listing them) for a signed-in reader."""
    edit_next = None if editing_from is None else urlencode(editing_from)
    written = []
    for example in listed:
        url = example_path(example.pk)
        written.append(
            ROW.format(
                pk=example.pk,
                trope_url=conditional_escape(example.trope.get_absolute_url()),
                trope_title=conditional_escape(example.trope.title),
                kind=trope_kinds.icon(example.trope_kind),
                played=played.note(example.played),
                text=markup.mark_missing(example.text_html, missing),
                edit="" if edit_next is None else EDIT.format(url=url, next=edit_next),
            )
        )
    return mark_safe("".join(written))


def rows_in(context, listed):
    """`rows` as a template's context gives them: its red links and its reader."""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    return rows(
        listed,
        context.get("missing") or (),
        editing_from=context["request"].path if signed_in else None,
    )
