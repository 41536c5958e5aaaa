from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from accounts import views as accounts_views
from wiki import feeds
from wiki.views import (
    changes,
    edit,
    following,
    history,
    moves,
    pages,
    pending,
    reports,
    rollback,
    search,
)


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

wiki_patterns = (
    [
        path("help/markup", pages.markup_help, name="markup_help"),
        path("search", search.search_page, name="search"),
        path("following", following.following, name="following"),
        path("following/feed/<str:token>", following.FollowingFeed(), name="following_feed"),
        path("goto", search.go_to, name="goto"),
        path("changes", changes.recent_changes, name="changes"),
        path("pending/<int:pk>", pending.pending_change, name="pending_change"),
        path("changes/feed", feeds.ChangesFeed(), name="changes_feed"),
        path("user/<str:handle>", changes.profile, name="profile"),
        path("user/<str:handle>/contributions", changes.contributions, name="contributions"),
        path("user/<str:handle>/rollback", rollback.rollback_user, name="rollback"),
        path("<ns:namespace>/", pages.namespace_index, name="namespace"),
        path("<ns:namespace>/<pagename:name>", pages.page, name="page"),
        path("<ns:namespace>/<pagename:name>/links", pages.links_here, name="links_here"),
        path("<ns:namespace>/<pagename:name>/edit", edit.edit, name="edit"),
        path("<ns:namespace>/<pagename:name>/move", moves.move, name="move"),
        path("<ns:namespace>/<pagename:name>/follow", following.follow, name="follow"),
        path("<ns:namespace>/<pagename:name>/report", reports.report_page, name="report"),
        path("<ns:namespace>/<pagename:name>/aliases", moves.aliases, name="aliases"),
        path("<ns:namespace>/<pagename:name>/history", history.history, name="history"),
        path(
            "<ns:namespace>/<pagename:name>/history/feed",
            feeds.PageHistoryFeed(),
            name="history_feed",
        ),
        path(
            "<ns:namespace>/<pagename:name>/history/<int:revision_id>",
            history.revision,
            name="revision",
        ),
        path("<ns:namespace>/<pagename:name>/compare", history.compare, name="compare"),
        path(
            "<ns:namespace>/<pagename:name>/revert/<int:revision_id>",
            history.revert,
            name="revert",
        ),
    ],
    "wiki",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("moderation/log", accounts_views.moderation_log, name="moderation_log"),
    # The editor's preview and uploads need an account and are rate limited.
    path("markdownx/markdownify/", edit.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", edit.upload, name="markdownx_upload"),
    path("", include("tropes.urls")),
    path("", include(wiki_patterns)),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
