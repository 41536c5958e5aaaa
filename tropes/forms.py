from django import forms
from django.conf import settings
from markdownx.widgets import MarkdownxWidget

from accounts import roles
from tropes import lookup, relations
from tropes.models import PlayedAs, Trope, Work
from wiki.forms import KindFieldsForm, SingleLineField, bounded_markup


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        label="How well does it match the trope?",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        error_messages={
            "invalid_choice": "A vote is a whole number from 1 to 5.",
            "required": "Choose a number from 1 to 5.",
        },
    )


class WorkFieldsForm(forms.ModelForm):
    """What only a work has, edited with its page."""

    class Meta:
        model = Work
        fields = ["year", "laconic"]
        field_classes = {"laconic": SingleLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True  # lets concurrent edits merge


class TropeFieldsForm(KindFieldsForm):
    """What only a trope has, edited with its page. Its kind moves its examples between
    works' main pages and their YMMV or Trivia pages, so only trusted editors change it;
    the rule its examples follow is the moderators' (accounts.roles). Others see both,
    disabled."""

    GUARDED = {
        "kind": (roles.TROPE_KIND, "Trusted editors choose it."),
        "example_rule": (roles.EXAMPLE_RULES, ""),  # its help says moderators set it
    }

    class Meta:
        model = Trope
        fields = ["laconic", "kind", "example_rule"]
        field_classes = {"laconic": SingleLineField}
        help_texts = {
            "kind": "A YMMV or trivia trope's examples go on each work's YMMV or Trivia page, "
            "not on the work's main page.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True  # lets concurrent edits merge
        for name, (permission, who) in self.GUARDED.items():
            field = self.fields[name]
            field.required = False  # a form that does not send it leaves it as it is
            if self.editor is None or roles.refusal(self.editor, permission):
                field.disabled = True
                field.help_text = f"{field.help_text} {who}".strip()

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.instance.kind

    def clean_example_rule(self):
        return self.cleaned_data["example_rule"] or self.instance.example_rule


class ExampleForm(forms.Form):
    """An example's text, and (when adding) the trope or work it pairs with."""

    subject = forms.CharField(max_length=200)
    played = forms.TypedChoiceField(
        label="How it plays the trope",
        choices=PlayedAs.choices,
        initial=PlayedAs.STRAIGHT,
        # Not sent (an older form, a script): straight for a new example, as it was for one
        # being edited.
        required=False,
        empty_value=None,
        help_text="Straight unless it twists the trope; the word is shown before your text.",
    )
    text = forms.CharField(widget=MarkdownxWidget(attrs={"rows": 6}))
    summary = SingleLineField(label="Edit summary", max_length=200, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choose=None, **kwargs):
        """`choose` is "trope" or "work" when adding; None when editing."""
        super().__init__(*args, **kwargs)
        self.choose = choose
        if choose is None:
            del self.fields["subject"]
        else:
            self.fields["subject"].label = "Trope" if choose == "trope" else "Work"
            self.fields["subject"].widget.attrs.update(autocomplete="off")

    def clean_subject(self):
        typed = self.cleaned_data["subject"].strip()
        found = lookup.resolve(self.choose, typed)
        if found is None:
            raise forms.ValidationError(f"No {self.choose} called “{typed}”.")
        if getattr(found, "example_rule", None) == Trope.ExampleRule.NONE:
            raise forms.ValidationError(f"{found} takes no examples: it is a definition only.")
        return found

    def clean_text(self):
        return bounded_markup(
            self.cleaned_data["text"],
            settings.MAX_SNIPPET_CHARS,
            "An example is a paragraph or two.",
        )


class ContextFlagForm(forms.Form):
    note = SingleLineField(label="What is missing?", max_length=200, required=False)


class RelationForm(forms.Form):
    """How the trope whose page it is stands to another (tropes.relations.WORDINGS)."""

    wording = forms.ChoiceField(
        label="This trope",
        choices=[(key, words.label) for key, words in relations.WORDINGS.items()],
    )
    subject = forms.CharField(label="Trope", max_length=200)
    summary = SingleLineField(label="Edit summary", max_length=200, required=False)

    def clean_subject(self):
        typed = self.cleaned_data["subject"].strip()
        found = lookup.resolve("trope", typed)
        if found is None:
            raise forms.ValidationError(f"No trope called “{typed}”.")
        return found
