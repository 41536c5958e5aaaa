"""`{% character_entries characters %}`: a Characters subpage's characters
(tropes.character_list.ListedCharacter), each a folder, written by tropes.character_rows."""

from django import template

from tropes import character_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def character_entries(context, characters):
    return character_rows.entries_in(context, characters)
