"""New work and trope pages: the form, and what each kind starts from."""

from django import forms
from django.conf import settings

from accounts import roles
from tropes.media import MEDIA
from tropes.models import Trope, Work
from wiki import markup
from wiki.forms import SingleLineField
from wiki.models import MAIN, Page

WORK_SKELETON = """\
*Title* is a … (what it is, who made it, when it came out).

What it is about, in two or three sentences, without spoilers.

Add the tropes it provides below the page with “Add an example”.
"""

TROPE_SKELETON = """\
A one-paragraph explanation of the trope: what happens, and why stories use it.

How it varies, and what it is often confused with.

See also: [[Main/SomeRelatedTrope]].
"""


def main_creation_refusal(user):
    """Why `user` may not create a trope page in Main directly, or "": new tropes come
    through the launch pad unless a moderator makes them (MAIN_CREATION_MODERATORS_ONLY)."""
    if not settings.MAIN_CREATION_MODERATORS_ONLY or roles.has(user, roles.CREATE_IN_MAIN):
        return ""
    return "New tropes start on the launch pad, where members shape them and vote them in."


def new_work(page):
    return Work(page=page)


def new_trope(page):
    return Trope(page=page)


class NewPageForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(Work.KIND, "A work (film, series, book, game…)"), (Trope.KIND, "A trope")],
        widget=forms.RadioSelect,
    )
    medium = forms.ChoiceField(
        choices=[("", "—"), *MEDIA.items()], required=False, help_text="For a work."
    )
    title = SingleLineField(max_length=200)
    name = forms.CharField(
        max_length=100,
        required=False,
        help_text="The page's address, a WikiWord like BigEater. Leave empty to make it "
        "from the title.",
    )

    def clean(self):
        data = super().clean()
        kind, title = data.get("kind"), data.get("title", "")
        if kind == Work.KIND and not data.get("medium"):
            self.add_error("medium", "Choose the work's medium.")
            return data
        data["namespace"] = data.get("medium") if kind == Work.KIND else MAIN
        name = data.get("name") or markup.to_wikiword(title)
        if not name or not name[0].isupper() or not name.isalnum() or not name.isascii():
            self.add_error(
                "name",
                "A page name is a WikiWord: letters and digits, starting "
                "with a capital, like BigEater.",
            )
            return data
        data["name"] = name
        if Page.objects.by_key(data["namespace"], name).exists():
            self.add_error("name", f"{data['namespace']}/{name} already exists.")
        return data
