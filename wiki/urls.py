"""The engine's pages: /Namespace/Name and what hangs off it, search, changes, profiles."""

from django.urls import path

import wiki.converters  # noqa: F401 (registers <ns:…> and <pagename:…>)
from wiki import feeds
from wiki.views import (
    changes,
    crawlers,
    cuts,
    discussion,
    discussion_moderation,
    dumps,
    edit,
    following,
    held,
    history,
    moves,
    pages,
    reports,
    rollback,
    search,
)

app_name = "wiki"

urlpatterns = [
    path("robots.txt", crawlers.robots_txt, name="robots"),
    path("sitemap.xml", crawlers.sitemap_index, name="sitemap"),
    path("sitemap-<ns:namespace>.xml", crawlers.sitemap_section, name="sitemap_section"),
    path("help/markup", pages.markup_help, name="markup_help"),
    path("search", search.search_page, name="search"),
    path("dumps", dumps.dump_list, name="dumps"),
    path("dumps/<str:dump>/<str:file>", dumps.dump_file, name="dump_file"),
    path("following", following.following, name="following"),
    path("following/read", following.mark_read, name="following_read"),
    path("following/feed/<str:token>", following.FollowingFeed(), name="following_feed"),
    path("goto", search.go_to, name="goto"),
    path("changes", changes.recent_changes, name="changes"),
    path("pending/<int:pk>", held.held_change, name="pending_change"),
    path("pending/<int:pk>/merge", edit.merge_held, name="merge_held"),
    path("changes/feed", feeds.ChangesFeed(), name="changes_feed"),
    path("user/<str:handle>", changes.profile, name="profile"),
    path("user/<str:handle>/contributions", changes.contributions, name="contributions"),
    path("user/<str:handle>/rollback", rollback.rollback_user, name="rollback"),
    # Before the pages' routes, which "posts/12/edit" would match too.
    path("posts/<int:pk>", discussion.post, name="post"),
    path("posts/<int:pk>/edit", discussion.edit_post, name="edit_post"),
    path("posts/<int:pk>/history", discussion.post_history, name="post_history"),
    path("posts/<int:pk>/report", discussion_moderation.report_post, name="report_post"),
    path("posts/<int:pk>/hide", discussion_moderation.hide_post, name="hide_post"),
    path("posts/<int:pk>/show", discussion_moderation.show_post, name="show_post"),
    path("<ns:namespace>/", pages.namespace_index, name="namespace"),
    path("<ns:namespace>/<pagename:name>", pages.page, name="page"),
    path("<ns:namespace>/<pagename:name>/links", pages.links_here, name="links_here"),
    path("<ns:namespace>/<pagename:name>/edit", edit.edit, name="edit"),
    path("<ns:namespace>/<pagename:name>/move", moves.move, name="move"),
    path("<ns:namespace>/<pagename:name>/follow", following.follow, name="follow"),
    path("<ns:namespace>/<pagename:name>/report", reports.report_page, name="report"),
    path("<ns:namespace>/<pagename:name>/cut", cuts.cut, name="cut"),
    path("<ns:namespace>/<pagename:name>/cut/restore", cuts.restore, name="restore_cut"),
    path("<ns:namespace>/<pagename:name>/aliases", moves.aliases, name="aliases"),
    path("<ns:namespace>/<pagename:name>/discussion", discussion.discussion, name="discussion"),
    path("<ns:namespace>/<pagename:name>/discussion/new", discussion.new_thread, name="new_thread"),
    path("<ns:namespace>/<pagename:name>/discussion/<int:pk>", discussion.thread, name="thread"),
    path(
        "<ns:namespace>/<pagename:name>/discussion/<int:pk>/reply",
        discussion.reply,
        name="reply",
    ),
    path(
        "<ns:namespace>/<pagename:name>/discussion/<int:pk>/follow",
        discussion.follow_thread,
        name="follow_thread",
    ),
    path(
        "<ns:namespace>/<pagename:name>/discussion/<int:pk>/move",
        discussion_moderation.move_thread,
        name="move_thread",
    ),
    *(
        path(
            f"<ns:namespace>/<pagename:name>/discussion/<int:pk>/{action}",
            discussion_moderation.switch_thread,
            {"field": field},
            name=f"{action}_thread",
        )
        for action, field in [("lock", "locked"), ("pin", "pinned"), ("resolve", "resolved")]
    ),
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
]
