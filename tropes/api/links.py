"""Addresses the API gives: of the site's pages and of its own resources, absolute on the
site's own address (SITE_URL), never on the host a request names."""

from typing import Any

from django.conf import settings

from wiki.models import page_path

PREFIX = "/api/v1"


def site(path: str) -> str:
    """A path of the site's ("/Anime/MetallicRouge"), as an absolute address."""
    return f"{settings.SITE_URL}{path}" if path else ""


def api(path: str) -> str:
    """A path of the API's ("pages/Main/BigEater"), as an absolute address."""
    return f"{settings.SITE_URL}{PREFIX}/{path}"


def page_api(namespace: str, name: str, *more: str) -> str:
    return api("/".join(("pages", namespace, name, *more)))


def page_ref(namespace: str, name: str, title: str, kind: str) -> dict[str, Any]:
    """A page as lists name it: its address on the site and in the API."""
    return {
        "namespace": namespace,
        "name": name,
        "title": title,
        "kind": kind,
        "url": site(page_path(namespace, name)),
        "api_url": page_api(namespace, name),
    }


def ref_of(page: Any) -> dict[str, Any]:
    """page_ref of a Page or a PageLink."""
    return page_ref(page.namespace, page.name, page.title, page.kind)
