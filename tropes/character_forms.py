"""The form that adds and edits a work's character."""

import re

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from markdownx.widgets import MarkdownxWidget

from tropes.characters import FIELDS
from wiki.forms import SingleLineField, bounded_markup

# An image uploaded from the editor (wiki.uploads), named by its address or its stored name:
# only files the wiki decoded, re-encoded and named itself can be a character's image.
UPLOADED = re.compile(
    rf"(?:^|/)({re.escape(settings.MARKDOWNX_MEDIA_PATH)}[0-9a-f]{{32}}\.(?:png|jpg|gif|webp))$"
)


class CharacterForm(forms.Form):
    folder = SingleLineField(
        max_length=100,
        help_text="The group it is listed in: Protagonists, The Immortal Nine…",
    )
    name = SingleLineField(max_length=100)
    name_is_spoiler = forms.BooleanField(
        label="The name is a spoiler",
        required=False,
        help_text="Hidden in its folder's title and the contents, until the reader reveals it.",
    )
    image = forms.CharField(
        label="Image address",
        max_length=300,
        required=False,
        help_text="Upload the image by dropping it into the description box, then move the "
        "address it gets (/media/uploads/…) here.",
    )
    image_caption = SingleLineField(max_length=200, required=False)
    description = forms.CharField(
        widget=MarkdownxWidget(attrs={"rows": 6}),
        required=False,
        help_text="Who they are, in a few sentences. Wrap plot reveals in [[spoiler:…]].",
    )
    summary = SingleLineField(label="Edit summary", max_length=200, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, folders=(), stored_image="", **kwargs):
        """`folders`: the work's, offered as the editor types; `stored_image`: the name of
        the image the character has, which may stay whatever its address."""
        super().__init__(*args, **kwargs)
        self.folders = list(folders)
        self.stored_image = stored_image
        self.fields["folder"].widget.attrs.update(list="character-folders", autocomplete="off")

    def clean_image(self):
        typed = self.cleaned_data["image"].strip()
        if not typed or typed == self.stored_image:
            return typed
        if self.stored_image and typed == default_storage.url(self.stored_image):
            return self.stored_image
        found = UPLOADED.search(typed.split("?")[0])
        if found is None or not default_storage.exists(found.group(1)):
            raise forms.ValidationError(
                "Give the address of an image uploaded to the wiki, as the description "
                "box gives it after an upload."
            )
        return found.group(1)

    def clean_description(self):
        return bounded_markup(
            self.cleaned_data["description"],
            settings.MAX_SNIPPET_CHARS,
            "A character's description is a few sentences.",
        )

    def character_values(self):
        return {name: self.cleaned_data[name] for name in FIELDS}
