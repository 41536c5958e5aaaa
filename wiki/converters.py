"""The path converters of page addresses, `<ns:namespace>` and `<pagename:name>`.

Registered with Django when this module is first imported: every URLconf that uses them
imports it.
"""

from django.urls import register_converter


class NamespaceConverter:
    regex = "[A-Za-z][A-Za-z]{0,39}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PageNameConverter(NamespaceConverter):
    regex = "[A-Za-z0-9]{1,100}"


register_converter(NamespaceConverter, "ns")
register_converter(PageNameConverter, "pagename")
