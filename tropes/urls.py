from django.urls import path

import wiki.converters  # noqa: F401 (registers <ns:…> and <pagename:…>)
from tropes.views import (
    browsing,
    characters,
    cleanup,
    examples,
    launch,
    merges,
    moderation,
    new_pages,
    recaps,
    relations,
    repair,
    subpages,
    votes,
    wicks,
)

app_name = "tropes"

urlpatterns = [
    path("", browsing.home, name="home"),
    path("browse", browsing.browse, name="browse"),
    path("random/<str:kind>", browsing.random_page, name="random"),
    path("new", new_pages.new_page, name="new_page"),
    path("examples/new", examples.add, name="add_example"),
    path("examples/lookup", examples.suggestions, name="example_lookup"),
    path("examples/<int:pk>", examples.example, name="example"),
    path("examples/<int:pk>/edit", examples.edit, name="edit_example"),
    path("examples/<int:pk>/delete", examples.delete, name="delete_example"),
    path("examples/<int:pk>/vote", votes.vote, name="vote"),
    path("user/<str:handle>/votes/purge", moderation.purge_votes, name="purge_votes"),
    path("examples/<int:pk>/report", examples.report, name="report_example"),
    path("examples/<int:pk>/context", cleanup.flag, name="flag_context"),
    path("examples/<int:pk>/context/withdraw", cleanup.withdraw, name="withdraw_context_flag"),
    path("cleanup", cleanup.cleanup, name="cleanup"),
    path("repair", repair.shop, name="repair"),
    path("repair/new", repair.new_case, name="new_repair_case"),
    path("repair/<int:pk>", repair.case, name="repair_case"),
    path("repair/<int:pk>/decide", repair.decide, name="decide_repair_case"),
    path("repair/<int:pk>/rename", repair.rename, name="rename_for_case"),
    path("repair/<int:pk>/cut", repair.cut, name="cut_for_case"),
    path("launch", launch.launch_pad, name="launch_pad"),
    path("launch/new", launch.new_draft, name="new_draft"),
    path("launch/examples/<int:pk>/edit", launch.edit_proposed, name="edit_proposed"),
    path("launch/examples/<int:pk>/remove", launch.remove_proposed, name="remove_proposed"),
    # A draft's own page is the wiki's /Launch/<Name>; its actions are here.
    path("launch/<pagename:name>/examples/new", launch.propose, name="propose_example"),
    path("launch/<pagename:name>/vote", launch.vote, name="launch_vote"),
    path("launch/<pagename:name>/announce", launch.announce, name="announce_launch"),
    path("launch/<pagename:name>/launch", launch.launch, name="launch"),
    path("launch/<pagename:name>/hold", launch.hold, name="hold_draft"),
    path("launch/<pagename:name>/hold/lift", launch.lift_hold, name="lift_draft_hold"),
    path("launch/<pagename:name>/adopt", launch.adopt, name="adopt_draft"),
    path("examples/revisions/<int:revision_id>", examples.revision, name="example_revision"),
    path("examples/revisions/<int:revision_id>/restore", examples.restore, name="restore_example"),
    # Before the wiki's /Namespace/Name: no page lives in Laconic (tropes.kinds reserves it).
    path("Laconic/<pagename:name>", subpages.laconic_page, name="laconic"),
    path("<ns:namespace>/<pagename:name>/subpages/new", subpages.new_subpage, name="new_subpage"),
    path(
        "<ns:namespace>/<pagename:name>/examples/<ns:medium>",
        browsing.trope_medium,
        name="trope_medium",
    ),
    # A work's characters, edited from its Characters subpage (/Characters/MetallicRouge).
    path("<ns:namespace>/<pagename:name>/characters/new", characters.new, name="new_character"),
    path(
        "<ns:namespace>/<pagename:name>/characters/order",
        characters.order,
        name="character_order",
    ),
    path(
        "<ns:namespace>/<pagename:name>/characters/<str:anchor>/edit",
        characters.edit,
        name="edit_character",
    ),
    path(
        "<ns:namespace>/<pagename:name>/characters/<str:anchor>/remove",
        characters.remove,
        name="remove_character",
    ),
    path(
        "<ns:namespace>/<pagename:name>/characters/<str:anchor>/move",
        characters.move,
        name="move_character",
    ),
    # A trope's relations to other tropes, edited from its page.
    path("<ns:namespace>/<pagename:name>/relations", relations.relate, name="relate"),
    path(
        "<ns:namespace>/<pagename:name>/relations/<int:pk>/remove",
        relations.unrelate,
        name="unrelate",
    ),
    # A trope's wick check and merge (the repair shop).
    path("<ns:namespace>/<pagename:name>/wickcheck", wicks.wickcheck, name="wickcheck"),
    path("<ns:namespace>/<pagename:name>/wickcheck/start", wicks.start, name="start_wickcheck"),
    path(
        "<ns:namespace>/<pagename:name>/wickcheck/<int:pk>",
        wicks.label,
        name="label_wickcheck",
    ),
    path(
        "<ns:namespace>/<pagename:name>/wickcheck/<int:pk>/save",
        wicks.save_report,
        name="save_wickcheck",
    ),
    path("<ns:namespace>/<pagename:name>/merge-into", merges.merge, name="merge"),
    # A recap page for an installment, added from the work's Recap subpage.
    path("<ns:namespace>/<pagename:name>/recaps/new", recaps.new, name="new_installment"),
]
