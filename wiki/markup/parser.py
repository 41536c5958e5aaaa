"""The one markdown-it parser every page goes through: CommonMark, tables, strikethrough and
the wiki syntax, with raw HTML off and only safe URLs accepted."""

from markdown_it import MarkdownIt

from . import render_rules, urls
from .folders import folder_rule
from .images import external_images_to_links
from .spoilers import note_rule, spoiler_rule
from .wikilinks import link_wikiwords, wikilink_rule


def build_parser():
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # Replaces markdown-it's denylist (javascript:, data:...) with our allowlist; links,
    # images, autolinks and reference definitions all ask this before accepting a URL.
    md.validateLink = urls.is_allowed

    # Before `link`, so `[[...]]` is ours first; spoilers and notes before wiki links so
    # `[[note]]` opens a note rather than naming a page.
    md.inline.ruler.before("link", "spoiler", spoiler_rule)
    md.inline.ruler.before("link", "note", note_rule)
    md.inline.ruler.before("link", "wikilink", wikilink_rule)
    md.block.ruler.before(
        "fence", "folder", folder_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.core.ruler.push("external_images", external_images_to_links)
    md.core.ruler.push("wikiwords", link_wikiwords)

    for token_type, rule in render_rules.RENDER_RULES.items():
        md.add_render_rule(token_type, rule)
    return md


parser = build_parser()
