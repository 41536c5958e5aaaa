"""What marks an example or a trope wherever it is shown: `{{ example.played|played_note }}`,
the italic word before a text ("*Subverted.*"), and `{{ trope.kind|trope_icon }}`, the icon
beside a YMMV or trivia trope's name."""

from django import template

from tropes import played, trope_kinds

register = template.Library()


@register.filter
def played_note(value):
    return played.note(value)


@register.filter
def trope_icon(kind):
    return trope_kinds.icon(kind)
