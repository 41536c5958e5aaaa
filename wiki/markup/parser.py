"""The one markdown-it parser every page goes through: CommonMark, tables, strikethrough and
the wiki syntax, with raw HTML off and only safe URLs accepted."""

from markdown_it import MarkdownIt
from markdown_it.parser_inline import RuleFuncInlineType
from markdown_it.rules_inline import StateInline, image, link

from . import render_rules, urls
from .folders import folder_rule
from .images import external_images_to_links
from .spoilers import note_rule, spoiler_rule
from .wikilinks import link_wikiwords, wikilink_rule

# markdown-it tries a link at each "[", and each try steps over the tokens that follow: a
# block made of brackets costs some 20 µs a character. A block with more openers than this
# is not prose, so its "[text](url)" links are left as text (wiki links still work).
MAX_LINK_OPENERS = 2_000


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        """Our allowlist instead of markdown-it's denylist (javascript:, data:...): links,
        images, autolinks and reference definitions all ask this before accepting a URL."""
        return urls.is_allowed(url)


def _unless_bracket_heavy(rule: RuleFuncInlineType) -> RuleFuncInlineType:
    def guarded(state: StateInline, silent: bool) -> bool:
        counts = state.env.setdefault("link_openers", {})  # per render, per inline block
        openers = counts.get(state.src)
        if openers is None:
            openers = counts[state.src] = state.src.count("[")
        return openers <= MAX_LINK_OPENERS and rule(state, silent)

    return guarded


def build_parser() -> MarkdownIt:
    md = _Parser("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.inline.ruler.at("link", _unless_bracket_heavy(link))
    md.inline.ruler.at("image", _unless_bracket_heavy(image))

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
