from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from accounts import roles
from wiki import kinds, markup

register = template.Library()


@register.filter
def redlinks(html, missing):
    """Stored, sanitized markup with links to pages that do not exist marked red."""
    return mark_safe(markup.mark_missing(html, missing or ()))


@register.filter
def badge(page):
    """The mark a page's kind puts beside its title in a list (wiki.kinds.badge)."""
    return kinds.badge(page)


@register.filter
def absolute(url):
    """`url` at the site's own address, SITE_URL, whatever host the request came by: pages
    are kept and served to every reader, whichever allowed host rendered them."""
    return url if urlsplit(url).scheme else f"{settings.SITE_URL}{url}"


@register.filter
def meta_text(source, limit=160):
    """Text for a description or `og:` tag: what readers see of `source` without spoilers or
    notes (the markup's plain text), cut to `limit` characters. Those tags are shown by search
    engines and link previews, where no spoiler can be hidden."""
    return markup.plain_text(source or "", limit=int(limit))


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's query string with another page number: filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def screen_url(context, direction="", cursor=""):
    """This timeline's query string, its filters kept, for the screen `before` or `after`
    `cursor` (with neither: the newest screen)."""
    query = context["request"].GET.copy()
    for name in ("before", "after", "page"):
        query.pop(name, None)
    if direction:
        query[direction] = str(cursor)
    return f"?{query.urlencode()}"


@register.filter
def may(user, permission):
    """Whether `user`'s role allows `permission` ("repair"): the shape a shared page is
    rendered for answers as any member of its role would."""
    return roles.has(user, permission)
