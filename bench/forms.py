"""Reading forms out of a page, with the values a browser would submit from them."""

import html.parser
import urllib.parse
from dataclasses import dataclass


@dataclass
class Form:
    url: str
    fields: dict


def posting_to(page, page_url, action):
    """The form on `page` (HTML served at `page_url`) that posts to path `action`, or None."""
    reader = _FormReader(page_url)
    reader.feed(page)
    return next(
        (form for form in reader.forms if urllib.parse.urlsplit(form.url).path == action), None
    )


class _FormReader(html.parser.HTMLParser):
    """Every form on a page, with the values its fields hold as served."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self._form = None
        self._select = None  # the name of the <select> being read
        self._textarea = None  # the name of the <textarea> being read
        self._option = None  # the attributes of the <option> being read
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.page_url, attrs.get("action", ""))
            self._form = Form(action, {})
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            # A box ticked without a value sends "on"; an empty text field sends "".
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.fields[attrs["name"]] = attrs.get("value", default)
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name", ""), ""
        elif tag == "select":
            self._select = attrs.get("name", "")
        elif tag == "option" and self._select:
            self._option, self._text = attrs, ""

    def handle_data(self, data):
        self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops the newline that Django writes after <textarea>.
            self._form.fields[self._textarea] = self._text.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", self._text.strip())
            # The first option is the answer unless a later one is selected.
            if "selected" in self._option or self._select not in self._form.fields:
                self._form.fields[self._select] = value
            self._option = None
        elif tag == "select":
            self._select = None
