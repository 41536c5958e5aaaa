"""The shapes of the API's answers. The views fill them with what `pages`, `examples`,
`timelines` and `finding` read; the OpenAPI schema is generated from them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tropes.models import PlayedAs, SubpageKind, Trope
from wiki import revisions


class TextSerializer(serializers.Serializer):
    html = serializers.CharField(
        help_text='Rendered as on the site: each spoiler is a <span class="spoiler"> to hide.'
    )
    text = serializers.CharField(
        help_text="Plain text, spoilers and notes left out: safe to show anywhere."
    )


class PageRefSerializer(serializers.Serializer):
    namespace = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="work, trope, subpage, recap, index or other.")
    url = serializers.URLField(help_text="The page on the site.")
    api_url = serializers.URLField(help_text="The page in this API.")


class ShapedField(serializers.Field):
    """A value read already in the shape of `shape` (a Text, or a dict of a page_ref): given
    as it is, where a nested serializer would walk its fields again for each of hundreds of
    rows. The schema names the shape."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


@extend_schema_field(TextSerializer)
class TextField(ShapedField):
    def to_representation(self, value):
        return {"html": value.html, "text": value.text}


@extend_schema_field(PageRefSerializer)
class PageRefField(ShapedField):
    def to_representation(self, value):
        return value


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    alt = serializers.CharField(allow_blank=True)
    caption = serializers.CharField(allow_blank=True)


class WorkFieldsSerializer(serializers.Serializer):
    medium = serializers.CharField(help_text="The work's namespace: Anime, Film…")
    medium_label = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    laconic = serializers.CharField(allow_blank=True, help_text="The work in one line.")
    examples_url = serializers.URLField()
    subpages_url = serializers.URLField()
    characters_url = serializers.URLField()


class TropeFieldsSerializer(serializers.Serializer):
    laconic = serializers.CharField(allow_blank=True, help_text="The trope in one line.")
    kind = serializers.ChoiceField(choices=Trope.Kind.choices)
    example_rule = serializers.ChoiceField(choices=Trope.ExampleRule.choices)
    examples_url = serializers.URLField()


class SubpageFieldsSerializer(serializers.Serializer):
    work = PageRefField()
    kind = serializers.CharField(help_text="YMMV, Trivia, Characters…")
    structure = serializers.ChoiceField(choices=SubpageKind.Structure.choices)
    spoilers_shown = serializers.BooleanField(
        help_text="Whether the site shows this subpage's spoilers unhidden. They are marked "
        "in `html` and left out of `text` all the same."
    )
    characters_url = serializers.URLField(allow_null=True)


class RecapFieldsSerializer(serializers.Serializer):
    work = PageRefField()
    number = serializers.IntegerField(help_text="Its place in the work's order.")
    label = serializers.CharField(allow_blank=True)


class PageSerializer(PageRefSerializer):
    kind_label = serializers.CharField()
    body = TextField()
    quote = TextField(allow_null=True)
    quote_attribution = serializers.CharField(allow_blank=True)
    image = ImageSerializer(allow_null=True)
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()
    history_url = serializers.URLField()
    work = WorkFieldsSerializer(allow_null=True, help_text="A work's own fields.")
    trope = TropeFieldsSerializer(allow_null=True, help_text="A trope's own fields.")
    subpage = SubpageFieldsSerializer(allow_null=True, help_text="A work's subpage's fields.")
    recap = RecapFieldsSerializer(allow_null=True, help_text="An installment's fields.")


class WorkSerializer(PageRefSerializer):
    medium = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    laconic = serializers.CharField(allow_blank=True)


class TropeSerializer(PageRefSerializer):
    laconic = serializers.CharField(allow_blank=True)
    trope_kind = serializers.ChoiceField(choices=Trope.Kind.choices)
    example_rule = serializers.ChoiceField(choices=Trope.ExampleRule.choices)


class RatingSerializer(serializers.Serializer):
    average = serializers.FloatField(help_text="From 1 to 5; 0 without votes.")
    count = serializers.IntegerField()


class ExampleCharacterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    anchor = serializers.CharField()
    name = TextField(help_text="A name that is a spoiler has an empty `text`.")
    name_is_spoiler = serializers.BooleanField()


class ExampleInstallmentSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True)
    page = PageRefField()


class ExampleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    trope = PageRefField()
    work = PageRefField()
    character = ExampleCharacterSerializer(allow_null=True)
    installment = ExampleInstallmentSerializer(allow_null=True)
    played = serializers.ChoiceField(choices=PlayedAs.choices)
    played_label = serializers.CharField()
    rating = RatingSerializer()
    text = TextField()
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()


class SubpageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    icon = serializers.CharField(allow_blank=True)
    structure = serializers.ChoiceField(choices=SubpageKind.Structure.choices)
    spoilers_shown = serializers.BooleanField()
    page = PageRefField()


class CharacterExampleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    api_url = serializers.URLField()
    trope = PageRefField()


class CharacterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    anchor = serializers.CharField(
        help_text="Where the character is on its Characters page; a digest for a spoiler name."
    )
    folder = serializers.CharField()
    name = TextField(help_text="A name that is a spoiler has an empty `text`.")
    name_is_spoiler = serializers.BooleanField()
    url = serializers.URLField(allow_null=True)
    image = ImageSerializer(allow_null=True)
    description = TextField()
    examples = CharacterExampleSerializer(many=True)


IMPORTED_AUTHOR = (
    "For a revision brought from another wiki, its author's name there (no account here); "
    '"" otherwise.'
)


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The revision's id in its own history.")
    date = serializers.DateTimeField()
    change = serializers.ChoiceField(choices=[(kind, kind) for kind in revisions.CHANGE_KINDS])
    about = serializers.CharField(help_text='"page", or what was changed on it.')
    summary = serializers.CharField(allow_blank=True)
    author = serializers.CharField(allow_null=True, help_text="The member's handle.")
    imported_author = serializers.CharField(
        allow_null=True, help_text="For a revision imported from another wiki: its author there."
    )
    imported_author = serializers.CharField(allow_blank=True, help_text=IMPORTED_AUTHOR)
    size_change = serializers.IntegerField()
    is_page = serializers.BooleanField(help_text="A revision of a page's own text.")
    url = serializers.CharField(allow_blank=True, help_text="Where the change shows.")
    revision_url = serializers.URLField(allow_null=True)


class RevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    change = serializers.ChoiceField(choices=[(kind, kind) for kind in revisions.CHANGE_KINDS])
    summary = serializers.CharField(allow_blank=True)
    author = serializers.CharField(allow_null=True)
    imported_author = serializers.CharField(allow_blank=True, help_text=IMPORTED_AUTHOR)
    namespace = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    body = TextField()
    quote = TextField(allow_null=True)
    quote_attribution = serializers.CharField(allow_blank=True)
    previous_id = serializers.IntegerField(allow_null=True)
    next_id = serializers.IntegerField(allow_null=True)


class FoundSerializer(serializers.Serializer):
    namespace = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    kind_label = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    url = serializers.URLField()
    api_url = serializers.URLField()


class ResultSerializer(FoundSerializer):
    snippet = TextField(
        help_text="An excerpt of the text readers see, never a spoiler; the words found are "
        "<mark>ed in `html`."
    )


class SearchSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Pages found, counted up to a limit.")
    more = serializers.BooleanField(help_text="Whether more pages than counted were found.")
    next = serializers.URLField(allow_null=True)
    results = ResultSerializer(many=True)


def screen_of(item, name):
    """The serializer of a screen of `item`s and the address of the next."""
    fields = {
        "next": serializers.URLField(
            allow_null=True, help_text="The next screen; null at the end."
        ),
        "results": item(many=True),
    }
    return type(name, (serializers.Serializer,), fields)


PageScreenSerializer = screen_of(PageRefSerializer, "PageScreen")
WorkScreenSerializer = screen_of(WorkSerializer, "WorkScreen")
TropeScreenSerializer = screen_of(TropeSerializer, "TropeScreen")
ExampleScreenSerializer = screen_of(ExampleSerializer, "ExampleScreen")
CharacterScreenSerializer = screen_of(CharacterSerializer, "CharacterScreen")
EntryScreenSerializer = screen_of(EntrySerializer, "EntryScreen")


RootSerializer = type(
    "Root",
    (serializers.Serializer,),
    {
        name: serializers.URLField()
        for name in ("pages", "works", "tropes", "examples", "changes", "search", "goto")
        + ("schema", "docs")
    },
)
