"""The repair shop's forms: a case proposed, a moderator's decision, a merge."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from tropes import lookup
from tropes.models import RepairCase, Trope
from tropes.repair.cases import DECISION_LIMIT, REASON_LIMIT
from tropes.repair.merging import TEXT_LIMIT
from wiki.forms import SingleLineField, bounded_markup
from wiki.models import validate_wikiword

DEADLINE_MAX_DAYS = 366


def trope_named(typed: str) -> Trope:
    trope = lookup.resolve("trope", typed.strip()[:200])
    if trope is None or trope.page.cut:
        raise forms.ValidationError(f"No trope is called “{typed}”.")
    return trope


class CaseForm(forms.Form):
    trope = SingleLineField(max_length=200, help_text="Its title or its name, like BigEater.")
    kind = forms.ChoiceField(label="Proposal", choices=RepairCase.Kind.choices)
    other = SingleLineField(
        label="Merge into",
        max_length=200,
        required=False,
        help_text="For a merge: the trope it should join.",
    )
    proposed_name = forms.CharField(
        label="New name",
        max_length=100,
        required=False,
        validators=[validate_wikiword],
        help_text="For a rename: a WikiWord, like BigEaters.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why: the misuse you found, the wick check, what the trope should be.",
    )
    deadline = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional: when the discussion should be decided by.",
    )

    def clean_reason(self):
        return bounded_markup(self.cleaned_data["reason"], REASON_LIMIT)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline and not today < deadline <= today + timedelta(days=DEADLINE_MAX_DAYS):
            raise forms.ValidationError("A deadline is a day within the coming year.")
        return deadline

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["trope"] = trope_named(data["trope"])
        except forms.ValidationError as error:
            raise forms.ValidationError({"trope": error.messages}) from None
        kind = data["kind"]
        if kind == RepairCase.Kind.MERGE:
            if not data.get("other"):
                raise forms.ValidationError({"other": "Name the trope it should merge into."})
            try:
                data["other"] = trope_named(data["other"])
            except forms.ValidationError as error:
                raise forms.ValidationError({"other": error.messages}) from None
            if data["other"].pk == data["trope"].pk:
                raise forms.ValidationError({"other": "A trope cannot merge into itself."})
        else:
            data["other"] = None
        if kind == RepairCase.Kind.RENAME and not data.get("proposed_name"):
            raise forms.ValidationError({"proposed_name": "Propose the new name."})
        return data


class DecisionForm(forms.Form):
    ACTIONS = [("decide", "Decide"), ("decline", "Decline"), ("done", "Mark done")]

    action = forms.ChoiceField(choices=ACTIONS)
    decision = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=DECISION_LIMIT, required=False
    )
    outcome_url = SingleLineField(
        label="Link to the change",
        max_length=300,
        required=False,
        help_text="For work done by hand (a split, a new definition): the revision, like "
        "/Main/BigEater/compare?to=123.",
    )

    def clean_outcome_url(self):
        url = self.cleaned_data["outcome_url"].strip()
        if url and (not url.startswith("/") or url.startswith("//")):
            raise forms.ValidationError("A link on this site, starting with a single /.")
        return url


class RenameForm(forms.Form):
    name = forms.CharField(max_length=100, validators=[validate_wikiword])
    title = SingleLineField(max_length=200, required=False)


class CutCaseForm(forms.Form):
    reason = SingleLineField(max_length=300)


class MergeForm(forms.Form):
    into = SingleLineField(label="Merge into", max_length=200)
    reason = SingleLineField(max_length=300, required=False)
    case = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_into(self):
        return trope_named(self.cleaned_data["into"])


def merged_texts(data, pairs) -> dict[int, str]:
    """{source example id: the text its twin is to read}, from the merge form's fields for
    each pair: `choice-<id>` (theirs, ours or as written) and `text-<id>`."""
    texts = {}
    for pair in pairs:
        choice = data.get(f"choice-{pair.source.pk}", "")
        if choice == "target":
            texts[pair.source.pk] = pair.target.text
        elif choice == "source":
            texts[pair.source.pk] = pair.source.text
        elif choice == "written":
            texts[pair.source.pk] = data.get(f"text-{pair.source.pk}", "")[:TEXT_LIMIT]
    return texts
