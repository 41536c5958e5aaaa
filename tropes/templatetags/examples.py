"""`{% example_rows examples %}`: a list's examples (tropes.models.ListedExample), each
naming the page it is listed with, written by tropes.example_rows."""

from django import template

from tropes import example_rows as written

register = template.Library()


@register.simple_tag(takes_context=True)
def example_rows(context, examples):
    return written.rows_in(context, examples)
