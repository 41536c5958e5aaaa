import re

from django import forms
from django.conf import settings
from markdownx.widgets import MarkdownxWidget

from wiki import kinds
from wiki.editing import PAGE_FIELDS
from wiki.models import MAIN, Page, normalize_markup, validate_namespace, validate_wikiword

# Line breaks, tabs and the other C0/C1 controls, and Unicode's line and paragraph separators.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value):
    """Refuse line breaks and control characters in a one-line field (a title, a caption).

    Such text ends up in headings, link titles, feed items and email subjects, where a line
    break either breaks the layout or is refused outright.
    """
    if _CONTROL_CHARACTERS.search(value or ""):
        raise forms.ValidationError(
            "Write this on a single line, without line breaks, tabs or control characters.",
            code="control_character",
        )


class SingleLineField(forms.CharField):
    default_validators = [validate_single_line]


def bounded_markup(text, limit, advice=""):
    """Markup with one spelling of line endings, or a form error when it is over `limit`.

    Checked before anything parses the text: parsing costs time in proportion to the size.
    """
    text = normalize_markup(text)
    if len(text) > limit:
        raise forms.ValidationError(
            f"This text is {len(text):,} characters long; the limit is {limit:,}. {advice}".rstrip()
        )
    return text


SINGLE_LINE_FIELDS = ("title", "quote_attribution", "image_caption", "image_alt")


class KindFieldsForm(forms.ModelForm):
    """The fields of a kind's own record (KindHooks.extra_form), edited with its page. It is
    told who edits (`editor`), so that a field only some roles may change can be shown to
    the others disabled: a disabled field keeps its value whatever is posted."""

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor


class PageEditForm(forms.ModelForm):
    """The page's own fields, plus the revision the edit started from and a summary.

    Bind it to a copy of the page (validating a ModelForm writes into its
    instance); only wiki.editing.edit_page writes the page, under a lock.
    """

    summary = SingleLineField(
        label="Edit summary",
        max_length=200,
        required=False,
        help_text="Briefly, what you changed and why.",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Page
        fields = PAGE_FIELDS
        widgets = {
            "body": MarkdownxWidget(attrs={"rows": 20}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = dict.fromkeys(SINGLE_LINE_FIELDS, SingleLineField)

    def clean_body(self):
        return bounded_markup(
            self.cleaned_data["body"], settings.MAX_PAGE_CHARS, "Split it into subpages."
        )

    def clean_quote(self):
        return bounded_markup(self.cleaned_data["quote"], settings.MAX_SNIPPET_CHARS)

    def page_values(self):
        return {name: self.cleaned_data[name] for name in PAGE_FIELDS}


def extra_values(form):
    """What an extra form (a kind's own fields) asks to save, and what it started from.

    Extra forms render each field's starting value in a hidden input
    (`show_hidden_initial`), so a save can tell "I changed it" from "it changed
    under me".
    """
    initial = {}
    for name, field in form.fields.items():
        raw = form.data.get(form[name].html_initial_name, form.initial.get(name))
        initial[name] = field.to_python(raw)
    return {"values": dict(form.cleaned_data), "initial": initial}


class PageNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=100, validators=[validate_wikiword], **kwargs)


class MoveForm(forms.Form):
    """Where to move a page: a namespace its kind allows, a WikiWord name, a title."""

    namespace = forms.CharField(max_length=40, validators=[validate_namespace])
    name = PageNameField(help_text="A WikiWord like BigEater.")
    title = SingleLineField(max_length=200)
    summary = SingleLineField(label="Reason", max_length=150, required=False)

    def __init__(self, page, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"namespace": page.namespace, "name": page.name, "title": page.title}
        )
        super().__init__(*args, **kwargs)
        self.page = page
        allowed = kinds.get(page.kind).namespaces
        if allowed:
            self.fields["namespace"] = forms.ChoiceField(choices=[(n, n) for n in allowed])

    def clean(self):
        data = super().clean()
        namespace, name = data.get("namespace"), data.get("name")
        if (namespace, name, data.get("title")) == (
            self.page.namespace,
            self.page.name,
            self.page.title,
        ):
            raise forms.ValidationError("That is already the page's name and title.")
        return data


class AliasForm(forms.Form):
    """Another name that redirects to a page (a plural, an old title, a common misspelling)."""

    namespace = forms.CharField(max_length=40, initial=MAIN, validators=[validate_namespace])
    name = PageNameField(help_text="A WikiWord like BigEaters.")


class CutForm(forms.Form):
    reason = SingleLineField(
        max_length=300, help_text="Said in the page's history and the moderation log."
    )
