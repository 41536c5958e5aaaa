"""`{% trope_rows listed %}`: the tropes of a character or an installment
(tropes.listed_tropes.ListedTrope), written by tropes.listed_tropes."""

from django import template

from tropes import listed_tropes

register = template.Library()


@register.simple_tag(takes_context=True)
def trope_rows(context, listed):
    return listed_tropes.rows_in(context, listed)
