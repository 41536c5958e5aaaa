from django.urls import path

import wiki.converters  # noqa: F401 (registers <ns:…> and <pagename:…>)
from tropes import example_views, views

app_name = "tropes"

urlpatterns = [
    path("", views.home, name="home"),
    path("browse", views.browse, name="browse"),
    path("random/<str:kind>", views.random_page, name="random"),
    path("new", example_views.new_page, name="new_page"),
    path("examples/new", example_views.add, name="add_example"),
    path("examples/lookup", example_views.suggestions, name="example_lookup"),
    path("examples/<int:pk>", views.example, name="example"),
    path("examples/<int:pk>/edit", example_views.edit, name="edit_example"),
    path("examples/<int:pk>/delete", example_views.delete, name="delete_example"),
    path("examples/<int:pk>/vote", views.vote, name="vote"),
    path("user/<str:handle>/votes/purge", views.purge_votes, name="purge_votes"),
    path("examples/<int:pk>/report", example_views.report, name="report_example"),
    path("examples/revisions/<int:revision_id>", example_views.revision,
         name="example_revision"),
    path("examples/revisions/<int:revision_id>/restore", example_views.restore,
         name="restore_example"),
    path("<ns:namespace>/<pagename:name>/examples/<ns:medium>", views.trope_medium,
         name="trope_medium"),
]
