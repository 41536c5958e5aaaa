"""/api/v1/: the read API's addresses, its schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import wiki.converters  # noqa: F401 (registers <ns:…> and <pagename:…>)
from tropes.api import views
from tropes.api.answers import ReadView

app_name = "api"

PAGE = "pages/<ns:namespace>/<pagename:name>"


class SchemaView(ReadView, SpectacularAPIView):
    """The OpenAPI schema, YAML (or JSON with ?format=json), with an ETag like the rest."""


class DocsView(SpectacularSwaggerSplitView):
    """The docs page, its script a file of its own (?script): the site's CSP runs no inline
    script or style."""

    template_name = "api/docs.html"
    url_name = "api:schema"


urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("schema", SchemaView.as_view(), name="schema"),
    path("docs", DocsView.as_view(), name="docs"),
    path("pages", views.PageListView.as_view(), name="pages"),
    path(PAGE, views.PageView.as_view(), name="page"),
    path(f"{PAGE}/history", views.HistoryView.as_view(), name="history"),
    path(f"{PAGE}/revisions/<int:revision_id>", views.RevisionView.as_view(), name="revision"),
    path(f"{PAGE}/subpages", views.SubpagesView.as_view(), name="subpages"),
    path(f"{PAGE}/characters", views.CharactersView.as_view(), name="characters"),
    path("works", views.WorkListView.as_view(), name="works"),
    path("tropes", views.TropeListView.as_view(), name="tropes"),
    path("examples", views.ExampleListView.as_view(), name="examples"),
    path("examples/<int:pk>", views.ExampleView.as_view(), name="example"),
    path("changes", views.ChangesView.as_view(), name="changes"),
    path("search", views.SearchView.as_view(), name="search"),
    path("goto", views.GoToView.as_view(), name="goto"),
]
