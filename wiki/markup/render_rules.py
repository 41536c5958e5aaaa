"""How our tokens become HTML: the markdown-it render rules we add or replace.

Each rule has the signature markdown-it expects: (renderer, tokens, idx, options, env).
"""

from collections.abc import Callable, Sequence

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .text import visible_text
from .urls import EXTERNAL_REL, is_external

SPOILER_OPEN = (
    '<span class="spoiler" tabindex="0" role="button" aria-pressed="false"'
    ' title="Spoiler: select to reveal"><span class="sr-only">Spoiler: </span>'
)
NOTE_OPEN = (
    '<span class="note"><span class="note-label" tabindex="0" role="button"'
    ' aria-expanded="false">{label}</span><span class="note-body">'
)
ALIGN_CLASSES = {"left": "align-left", "center": "align-center", "right": "align-right"}


def hidden_text(text: str) -> str:
    """Plain `text`, escaped and hidden as a spoiler in markup is (so a click, the keyboard
    and the reader's show-spoilers preference reveal it alike): for text shown outside any
    markup, such as a character's name in a folder's title or a list."""
    return f"{SPOILER_OPEN}{escapeHtml(text)}</span>"


def spoiler_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return SPOILER_OPEN


def spoiler_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</span>"


def note_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return NOTE_OPEN.format(label=escapeHtml(tokens[idx].meta["label"]))


def note_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</span></span>"


def folder_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<details class="folder">'


def folder_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</details>\n"


def link_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Links leaving the site tell search engines and the target they come from user content."""
    token = tokens[idx]
    if is_external(str(token.attrGet("href") or "")):
        token.attrSet("rel", EXTERNAL_REL)
    return renderer.renderToken(tokens, idx, options, env)


def image(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Same-site images only (others became links); the alt text never reveals a spoiler."""
    token = tokens[idx]
    token.attrSet("alt", visible_text(token.children))
    return renderer.renderToken(tokens, idx, options, env)


def table_cell_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Column alignment as a class: the sanitizer allows no inline styles."""
    token = tokens[idx]
    style = token.attrs.pop("style", "")
    alignment = ALIGN_CLASSES.get(str(style).rpartition(":")[2])
    if alignment:
        token.attrSet("class", alignment)
    return renderer.renderToken(tokens, idx, options, env)


RenderRule = Callable[[RendererHTML, Sequence[Token], int, OptionsDict, EnvType], str]

RENDER_RULES: dict[str, RenderRule] = {
    "spoiler_open": spoiler_open,
    "spoiler_close": spoiler_close,
    "note_open": note_open,
    "note_close": note_close,
    "folder_open": folder_open,
    "folder_close": folder_close,
    "link_open": link_open,
    "image": image,
    "th_open": table_cell_open,
    "td_open": table_cell_open,
}
