from django import forms

from tropes.models import SubpageKind
from tropes.subpages import creating


class NewSubpageForm(forms.Form):
    """Which page the work gets: one of the kinds it has none of yet."""

    kind = forms.ModelChoiceField(
        queryset=SubpageKind.objects.none(),
        to_field_name="namespace",
        widget=forms.RadioSelect,
        empty_label=None,
        label="Page",
        error_messages={
            "invalid_choice": "The work has a page of that kind already, or there is no such kind.",
        },
    )

    def __init__(self, *args, work, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = creating.missing_kinds(work)
        self.fields["kind"].label_from_instance = lambda kind: f"{kind.icon} {kind.name}".strip()
