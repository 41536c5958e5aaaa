"""The rows of a list of examples (a work's, a trope's, a medium's folder), written out by
Python rather than the template engine.

A work page lists up to hundreds of examples and a trope page up to 400: each row cost the
template engine 70 µs, more than all the rest of a big page, where these lines take a few.
`{% example_rows %}` (tropes/templatetags/examples.py) puts them in the page. The row is
markup like any other, so it says what the templates would: the same escaping, the same
filters (floatformat, pluralize, urlencode), the reader's vote in a `{% personal "vote" %}`
block's place (a mark in a render for every member like them, wiki.personal).
"""

from django.template.defaultfilters import floatformat, pluralize, urlencode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accounts import roles
from tropes import played, trope_kinds
from wiki import markup, personal
from wiki.markup.render_rules import hidden_text

ROW = """<li class="example" id="example-{pk}">
  <div class="example-text markup"><strong class="example-subject"><a href="{subject_url}">\
{subject_title}</a>{part}{kind}:</strong> {played}{text}</div>
  <div class="example-rating">
    <a class="rating-link" href="{url}"
       hx-get="{url}/vote" hx-swap="outerHTML"
       title="How well does it match the trope?">
      {rating}{vote}
    </a>
    {edit}{context}
    · <a href="{url}/report" rel="nofollow">report</a>
  </div>
</li>
"""
EDIT = '· <a href="{url}/edit?next={next}">edit</a>'
# For signed-in readers: the flag widget, loaded in its place (its state is the reader's own);
# without JavaScript, the link leads to it on the example's page.
NEEDS_CONTEXT = """
    · <a class="context-link" href="{url}#context-flag-{pk}" hx-get="{url}/context"
       hx-swap="outerHTML" rel="nofollow">needs context?</a>{count}"""
# For editors: how many members flagged it.
FLAG_COUNT = (
    ' <span class="context-count" title="Members who flagged it as lacking context">'
    "⚑ {count}</span>"
)


def rows(examples, missing, marks=None, editing_from=None, counting_flags=False):
    """One `<li>` for each example (tropes.models.ListedExample), naming and linking the page
    it is listed with.

    `missing`: the page's red links. `marks`: those of a render for every member like this
    one (wiki.personal.sharing), which get a mark where the reader's vote goes; otherwise
    each example's `my_vote` is shown. `editing_from`: for a signed-in reader, the path an
    example's edit link comes back to. `counting_flags`: for editors, each example's flags.
    """
    edit_next = None if editing_from is None else urlencode(editing_from)
    written = []
    for example in examples:
        page = example.subject
        url = example.url
        text = markup.mark_missing(example.text_html, missing)
        written.append(
            ROW.format(
                pk=example.pk,
                subject_url=conditional_escape(page.get_absolute_url()),
                subject_title=conditional_escape(page.title),
                part=part(example),
                kind=trope_kinds.icon(example.trope_kind),
                played=played.note(example.played),
                text=text,
                url=url,
                rating=f"★ {rating(example)}\n" if example.rating_count else "Rate this example",
                vote=marks.mark("vote", example.pk) if marks else vote_note(example.my_vote),
                edit="" if edit_next is None else EDIT.format(url=url, next=edit_next),
                context=needs_context(example, edit_next is not None, counting_flags),
            )
        )
    return mark_safe("".join(written))


def part(example):
    """After a work's title on a trope's page, the character the example is about (its name
    hidden if it is a spoiler) or its installment, linked to its recap: "(Rouge Redstar)"."""
    if example.character_name is not None:
        name = example.character_name
        return f" ({hidden_text(name) if example.character_hidden else conditional_escape(name)})"
    if example.installment is not None:
        recap = example.installment
        label = conditional_escape(recap.title or "recap")
        return f' (<a href="{conditional_escape(recap.get_absolute_url())}">{label}</a>)'
    return ""


def needs_context(example, signed_in, counting_flags):
    """Beside an example for a signed-in reader, the link to flag it as lacking context, and
    for an editor, how many members did."""
    if not signed_in:
        return ""
    flags = example.context_flags
    count = FLAG_COUNT.format(count=flags) if counting_flags and flags else ""
    return NEEDS_CONTEXT.format(url=example.url, pk=example.pk, count=count)


def rating(example):
    """An example's average and number of votes (as tropes/_rating.html says them)."""
    count = example.rating_count
    if not count:
        return "No votes yet"
    average = floatformat(example.rating_average, "-1")
    return f'<span class="score">{average}</span> ({count} vote{pluralize(count)})'


def vote_note(value) -> SafeString:
    """Beside an example in a list, the reader's own vote on it, if any."""
    return mark_safe(f" · you: {conditional_escape(value)}" if value else "")


def rows_in(context, examples):
    """`rows` as a template's context gives them: its red links, its reader, its marks."""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    return rows(
        examples,
        context.get("missing") or (),
        marks=context.get(personal.CONTEXT_NAME),
        editing_from=context["request"].path if signed_in else None,
        counting_flags=signed_in and roles.has(user, roles.EDIT),
    )
