"""The launch pad's forms: a new draft, a proposed example, a vote, a hold."""

from django import forms
from django.conf import settings

from tropes.launch.launching import name_taken
from tropes.media import MEDIA
from tropes.models import LAUNCH_NAMESPACE, LaunchDraft, LaunchVote
from wiki import markup
from wiki.forms import KindFieldsForm, SingleLineField, bounded_markup
from wiki.models import Page

WIKIWORD_HELP = "A WikiWord like BigEater. Leave empty to make it from the title."


def wikiword_from(name, title):
    """The page name given, or else made from the title; None if it is no WikiWord."""
    name = name or markup.to_wikiword(title)
    if not name or not name[0].isupper() or not name.isalnum() or not name.isascii():
        return None
    return name


class DraftForm(forms.Form):
    title = SingleLineField(max_length=200, help_text="The trope's name, as readers see it.")
    name = forms.CharField(max_length=100, required=False, help_text=WIKIWORD_HELP)
    laconic = SingleLineField(
        max_length=200, required=False, help_text="The trope in one line, for lists and previews."
    )
    body = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What happens, why stories use it, how it varies. Examples go below, "
        "once the draft is posted.",
    )

    def clean_body(self):
        return bounded_markup(self.cleaned_data["body"], settings.MAX_PAGE_CHARS)

    def clean(self):
        data = super().clean()
        name = wikiword_from(data.get("name"), data.get("title", ""))
        if name is None:
            self.add_error(
                "name",
                "A page name is a WikiWord: letters and digits, starting with a capital, "
                "like BigEater.",
            )
            return data
        data["name"] = name
        if Page.objects.by_key(LAUNCH_NAMESPACE, name).exists():
            self.add_error("name", f"A draft called {LAUNCH_NAMESPACE}/{name} already exists.")
        taken = name_taken(name, data.get("title", ""))
        if taken:
            self.add_error("name", taken)
        return data


class DraftFieldsForm(KindFieldsForm):
    """The draft's laconic, edited with its page."""

    class Meta:
        model = LaunchDraft
        fields = ["laconic"]
        field_classes = {"laconic": SingleLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True  # lets concurrent edits merge


class ProposedExampleForm(forms.Form):
    medium = forms.ChoiceField(choices=list(MEDIA.items()))
    work = SingleLineField(
        max_length=200,
        label="Work",
        help_text="Its title, or its page's name (MetallicRouge); a work with no page yet "
        "is welcome, and shows as a red link.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def clean_text(self):
        return bounded_markup(self.cleaned_data["text"], settings.MAX_SNIPPET_CHARS)

    def clean(self):
        data = super().clean()
        work = data.get("work", "")
        name = wikiword_from("", work) if work else None
        if work and name is None:
            self.add_error("work", "Give the work's title in letters and digits.")
        elif work:
            data["work_name"] = name
            # A page name given alone reads as its title split at its capitals.
            data["work_title"] = markup.split_wikiword(work) if work == name else work
        return data


class ProposedTextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def clean_text(self):
        return bounded_markup(self.cleaned_data["text"], settings.MAX_SNIPPET_CHARS)


class LaunchVoteForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[(1, "Hat"), (-1, "Bomb")],
        coerce=int,
        error_messages={"invalid_choice": "A vote is a hat (1) or a bomb (-1)."},
    )
    reason = SingleLineField(
        max_length=LaunchVote._meta.get_field("reason").max_length,
        required=False,
        help_text="Optional: why.",
    )


class HoldForm(forms.Form):
    reason = SingleLineField(max_length=300)
