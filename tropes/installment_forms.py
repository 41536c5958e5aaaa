"""The forms of installments: a new one (from the work's Recap subpage), and its number and
label, edited with its page."""

from django import forms
from django.conf import settings
from markdownx.widgets import MarkdownxWidget

from tropes.models import Installment
from wiki.forms import SingleLineField, bounded_markup

LABEL_HELP = "How readers know it: S1 E3, Chapter 12, Issue 4. Optional."


class NewInstallmentForm(forms.Form):
    number = forms.IntegerField(
        min_value=1, max_value=100_000, help_text="Its place in the work's order."
    )
    label = SingleLineField(max_length=40, required=False, help_text=LABEL_HELP)
    title = SingleLineField(max_length=120, help_text="The episode's, chapter's or issue's own.")
    summary = forms.CharField(
        widget=MarkdownxWidget(attrs={"rows": 12}),
        help_text="What happens, in a few paragraphs. Wrap plot reveals in [[spoiler:…]].",
    )

    def __init__(self, *args, work, **kwargs):
        super().__init__(*args, **kwargs)
        self.work = work

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Installment.objects.filter(work=self.work, number=number).exists():
            raise forms.ValidationError(f"{self.work} already has an installment {number}.")
        return number

    def clean_summary(self):
        return bounded_markup(
            self.cleaned_data["summary"], settings.MAX_PAGE_CHARS, "Shorten the summary."
        )


class InstallmentFieldsForm(forms.ModelForm):
    """What only an installment has, edited with its page: its place and its label."""

    number = forms.IntegerField(
        min_value=1, max_value=100_000, help_text="Its place in the work's order."
    )

    class Meta:
        model = Installment
        fields = ["number", "label"]
        field_classes = {"label": SingleLineField}
        help_texts = {"label": LABEL_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True  # lets concurrent edits merge

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number == self.instance.number:  # an edit of its summary asks nothing more
            return number
        taken = (
            Installment.objects.filter(work=self.instance.work_id, number=number)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(f"Another installment of the work is number {number}.")
        return number
