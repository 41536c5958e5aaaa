"""The characters of a Characters subpage, each a folder of its own, written out by Python
rather than the template engine, as tropes.example_rows writes example lists: a page of two
hundred characters spent two thirds of its render in the template engine.

`{% character_entries characters %}` (tropes/templatetags/characters.py) puts them in the
page, with the same escaping a template gives.
"""

from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tropes import listed_tropes
from wiki import markup

ENTRY = """<details class="folder character" id="{anchor}">
  <summary>{name}</summary>
{image}{description}{tropes}{actions}</details>
"""
IMAGE = """<figure class="character-image"><img src="{url}" alt="{alt}" loading="lazy">\
{caption}</figure>
"""
CAPTION = "<figcaption>{}</figcaption>"
DESCRIPTION = '<div class="character-description markup">{}</div>\n'
TROPES = '<ul class="examples character-tropes">\n{}</ul>\n'
ACTIONS = """<p class="character-actions"><a href="{add}">Add a trope</a> · \
<a href="{edit}/edit">Edit</a> · <a href="{edit}/remove">Remove</a></p>
"""


def new_example_path(work_name, anchor):
    """The example form for a trope of the character at `anchor` of the work `work_name`
    ("Anime/MetallicRouge"), as reverse("tropes:add_example") and its query give it."""
    query = f"work={urlencode(work_name)}&character={urlencode(anchor)}"
    return f"{get_script_prefix()}examples/new?{query}"


def character_path(page, anchor):
    """Where the character at `anchor` of the Characters subpage `page` is edited, as
    reverse("tropes:edit_character") gives it without its last part (a test holds them equal)."""
    return f"{get_script_prefix()}{page.namespace}/{page.name}/characters/{anchor}"


def entries(characters, missing, editing=None):
    """One folder for each of `characters` (tropes.character_list.ListedCharacter).

    `missing`: the page's red links. `editing`: for a signed-in reader, the Characters
    subpage's page and its work's name (Namespace/Name), for the links that change them;
    None for anyone else.
    """
    written = []
    for character in characters:
        image = ""
        if character.image:
            caption = character.image_caption
            image = IMAGE.format(
                url=conditional_escape(character.image_url),
                alt=conditional_escape(character.image_alt),
                caption=CAPTION.format(conditional_escape(caption)) if caption else "",
            )
        description = character.description_html
        actions = ""
        if editing is not None:
            page, work_name = editing
            actions = ACTIONS.format(
                add=conditional_escape(new_example_path(work_name, character.anchor)),
                edit=conditional_escape(character_path(page, character.anchor)),
            )
        edited_from = None if editing is None else editing[0].get_absolute_url()
        tropes = listed_tropes.rows(character.tropes, missing, edited_from)
        written.append(
            ENTRY.format(
                anchor=conditional_escape(character.anchor),
                name=character.shown_name,
                image=image,
                description=DESCRIPTION.format(markup.mark_missing(description, missing))
                if description
                else "",
                tropes=TROPES.format(tropes) if character.tropes else "",
                actions=actions,
            )
        )
    return mark_safe("".join(written))


def entries_in(context, characters):
    """`entries` as a template's context gives them: its red links, its reader, its page."""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    editing = (context["page"], context["tab_bar"].work_name) if signed_in else None
    return entries(characters, context.get("missing") or (), editing)
