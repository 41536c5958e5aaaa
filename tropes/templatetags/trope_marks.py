"""What marks an example or a trope wherever it is shown: `{{ example.played|played_note }}`,
the italic word before a text ("*Subverted.*"); `{{ trope.kind|trope_icon }}`, the icon
beside a YMMV or trivia trope's name, and `{{ trope.kind|trope_banner }}`, what its page says
of it; `{{ trope.example_rule|example_rule_note }}`, what editors are told of its rule."""

from django import template

from tropes import example_rules, played, trope_kinds

register = template.Library()


@register.filter
def played_note(value):
    return played.note(value)


@register.filter
def trope_icon(kind):
    return trope_kinds.icon(kind)


@register.filter
def trope_banner(kind):
    return trope_kinds.BANNERS.get(kind, "")


@register.filter
def example_rule_note(rule):
    return example_rules.note(rule)
