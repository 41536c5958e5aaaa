"""A work's subpages (YMMV, Trivia, WMG…): made from the tab bar's Create menu, each stored with
its work, shown with the tab bar every page of the work's family shares, and edited, followed,
reported, searched and kept like any page."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory, WorkFactory
from tests.helpers import form_data, import_examples, with_role
from tropes import examples, votes
from tropes.models import Example, Installment, Subpage, SubpageKind, Trope, Work
from tropes.subpages import creating, family
from wiki import moving
from wiki.models import Follow, Page, PendingChange, Report

pytestmark = pytest.mark.django_db

# Rendering a page the first time, anonymous and signed in (DEVELOPERS.md, "Budgets").
ANONYMOUS_QUERIES = 7
SIGNED_IN_QUERIES = 11


def seeded_kinds():
    """The kinds of subpage, as the data migration makes them."""
    migration = importlib.import_module("tropes.migrations.0008_subpage_kinds")
    migration.seed(django_apps, None)


def kind(namespace):
    return SubpageKind.objects.get(namespace=namespace)


def make(work, namespace, user):
    return creating.create_subpage(work, kind(namespace), user)


@pytest.fixture
def rouge():
    return WorkFactory(
        page__namespace="Anime",
        page__name="MetallicRouge",
        page__title="Metallic Rouge",
        page__body="An android hunts her own kind on Mars.",
    )


@pytest.fixture
def narm():
    return TropeFactory(page__name="Narm", page__title="Narm", kind=Trope.Kind.YMMV)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def tab_bar(html):
    start = html.index('<nav class="work-tabs"')
    return html[start : html.index("</nav>", start)]


def tabs(html):
    """The tabs' labels and addresses, in order, and the one marked current."""
    bar = tab_bar(html)
    found, current = [], None
    for piece in bar.split("<li><a href=")[1:]:
        url = piece.split('"')[1]
        label = piece.split("</a>")[0].rsplit("</span>", 1)[-1].split(">")[-1].strip()
        found.append((label, url))
        if "aria-current" in piece.split(">")[0]:
            current = label
    return found, current


# Creating subpages.


def test_an_editor_creates_a_subpage_from_the_create_menu_and_writes_it(client, editor, rouge):
    client.force_login(editor)
    menu = tab_bar(html_of(client, "/Anime/MetallicRouge"))
    assert '<form method="post" action="/Anime/MetallicRouge/subpages/new">' in menu
    assert 'name="kind" value="YMMV"' in menu
    response = client.post("/Anime/MetallicRouge/subpages/new", {"kind": "YMMV"})
    assert response["Location"] == "/YMMV/MetallicRouge/edit"
    subpage = Subpage.objects.select_related("page").get()
    assert (subpage.work, subpage.kind.name) == (rouge, "YMMV")
    assert (subpage.page.title, subpage.page.kind) == ("YMMV / Metallic Rouge", "subpage")
    page = subpage.page
    client.post("/YMMV/MetallicRouge/edit", form_data(page, body="Audiences split on the ending."))
    assert "Audiences split on the ending." in html_of(client, "/YMMV/MetallicRouge")


def test_the_create_page_offers_only_the_kinds_the_work_has_no_page_of(client, editor, rouge):
    make(rouge, "Trivia", editor)
    client.force_login(editor)
    html = html_of(client, "/Anime/MetallicRouge/subpages/new")
    assert 'value="YMMV"' in html and 'value="WMG"' in html
    assert 'value="Trivia"' not in html  # it has one
    assert 'value="Laconic"' not in html  # a field of the work, not a page
    response = client.post("/Anime/MetallicRouge/subpages/new", {"kind": "Trivia"})
    assert response.status_code == 400
    assert "has a page of that kind already" in response.content.decode()
    assert client.post("/Anime/MetallicRouge/subpages/new", {"kind": "Laconic"}).status_code == 400
    assert Subpage.objects.count() == 1


def test_a_new_editors_subpage_waits_for_review_like_any_new_page(
    client, new_editor, moderator, rouge
):
    client.force_login(new_editor)
    response = client.post("/Anime/MetallicRouge/subpages/new", {"kind": "WMG"})
    assert response["Location"] == "/Anime/MetallicRouge"
    assert not Page.objects.filter(namespace="WMG").exists()
    change = PendingChange.objects.get()
    assert change.description == "New page WMG/MetallicRouge (WMG / Metallic Rouge)"
    assert "is waiting for review" in html_of(client, "/Anime/MetallicRouge")
    assert "What this page is about" in html_of(client, change.get_absolute_url())

    client.force_login(moderator)
    review = f"/admin/wiki/pendingchange/{change.pk}/change/"
    assert "What this page is about" in html_of(client, review)
    client.post(review, {"_approve": "Approve"})
    page = Page.objects.get(namespace="WMG", name="MetallicRouge")
    assert page.subpage.work == rouge
    assert page.history.get().history_user == new_editor
    assert "WMG" in dict(tabs(html_of(Client(), "/Anime/MetallicRouge"))[0])


def test_a_locked_works_subpages_are_made_by_moderators_alone(client, editor, moderator, rouge):
    rouge.page.protection = Page.Protection.LOCKED
    rouge.page.save()
    client.force_login(editor)
    client.post("/Anime/MetallicRouge/subpages/new", {"kind": "YMMV"})
    assert not Subpage.objects.exists() and PendingChange.objects.waiting().count() == 1
    client.force_login(moderator)
    client.post("/Anime/MetallicRouge/subpages/new", {"kind": "YMMV"})
    assert Subpage.objects.get().kind.name == "YMMV"


def test_only_members_allowed_to_edit_create_subpages(client, rouge, banned_user):
    response = client.post("/Anime/MetallicRouge/subpages/new", {"kind": "YMMV"})
    assert response["Location"].startswith("/accounts/login")
    assert 'class="create-subpage"' not in html_of(client, "/Anime/MetallicRouge")
    client.force_login(banned_user)
    assert client.post("/Anime/MetallicRouge/subpages/new", {"kind": "YMMV"}).status_code == 403
    assert not Subpage.objects.exists()


def test_a_subpage_of_a_page_that_is_no_work_is_a_404(client, editor):
    PageFactory(namespace="Main", name="JustAPage")
    client.force_login(editor)
    assert client.post("/Main/JustAPage/subpages/new", {"kind": "YMMV"}).status_code == 404


def test_works_of_one_name_in_two_media_each_have_their_own_subpage(client, editor):
    manga = WorkFactory(page__namespace="Manga", page__name="Oldboy", page__title="Oldboy")
    film = WorkFactory(page__namespace="Film", page__name="Oldboy", page__title="Oldboy")
    make(manga, "YMMV", editor)
    make(film, "YMMV", editor)
    assert Subpage.objects.get(work=manga).page.full_name == "YMMV/Oldboy"
    assert Subpage.objects.get(work=film).page.full_name == "YMMV/OldboyFilm"
    assert ("YMMV", "/YMMV/OldboyFilm") in tabs(html_of(client, "/Film/Oldboy"))[0]
    assert ("YMMV", "/YMMV/Oldboy") in tabs(html_of(client, "/Manga/Oldboy"))[0]
    # Each subpage's Main tab leads to its own work, whatever its name says.
    assert tabs(html_of(client, "/YMMV/OldboyFilm"))[0][0] == ("Main", "/Film/Oldboy")
    assert tabs(html_of(client, "/YMMV/Oldboy"))[0][0] == ("Main", "/Manga/Oldboy")


def test_the_create_page_is_a_form_for_editors(client, editor, rouge):
    client.force_login(editor)
    html = html_of(client, "/Anime/MetallicRouge/subpages/new?kind=Funny")
    chosen = re.findall(r'<input type="radio" name="kind" value="(\w+)"[^>]* checked>', html)
    assert chosen == ["Funny"]
    assert "😂 Funny</label>" in html


# The tab bar.


def test_every_page_of_the_family_shows_the_same_bar_in_the_kinds_order(client, editor, rouge):
    for namespace in ("WMG", "Trivia", "YMMV"):  # made out of order
        make(rouge, namespace, editor)
    expected = [
        ("Main", "/Anime/MetallicRouge"),
        ("YMMV", "/YMMV/MetallicRouge"),
        ("Trivia", "/Trivia/MetallicRouge"),
        ("WMG", "/WMG/MetallicRouge"),
    ]
    for label, url in expected:
        shown, current = tabs(html_of(client, url))
        assert shown == expected
        assert current == label  # aria-current="page" on its own tab


def test_tabs_show_their_kinds_icons_and_are_links(client, editor, rouge):
    make(rouge, "YMMV", editor)
    bar = tab_bar(html_of(client, "/Anime/MetallicRouge"))
    assert (
        '<li><a href="/YMMV/MetallicRouge"><span class="tab-icon" aria-hidden="true">🤔</span> '
        "YMMV</a></li>"
    ) in bar
    assert '<a href="/Anime/MetallicRouge" aria-current="page">Main</a>' in bar


def test_the_create_menu_is_a_details_list_of_the_missing_kinds_for_editors(client, editor, rouge):
    make(rouge, "YMMV", editor)
    assert "<summary>Create</summary>" not in html_of(client, "/YMMV/MetallicRouge")
    client.force_login(editor)
    bar = tab_bar(html_of(client, "/YMMV/MetallicRouge"))
    menu = bar[bar.index('<li class="create-subpage">') :]
    assert "<details>" in menu and "<summary>Create</summary>" in menu
    assert 'value="YMMV"' not in menu
    assert re.findall(r'name="kind" value="(\w+)"', menu) == [
        k.namespace for k in SubpageKind.objects.exclude(namespace__in=["YMMV", "Laconic"])
    ]
    # The work has no laconic yet: the menu leads to where it is written, the work's form.
    assert '<a href="/Anime/MetallicRouge/edit#id_laconic">' in menu


def test_the_bar_replaces_the_same_name_tabs_on_works_only(client, rouge):
    PageFactory(namespace="Main", name="MetallicRouge", title="Metallic Rouge (disambiguation)")
    PageFactory(namespace="Main", name="Heat")
    PageFactory(namespace="Film", name="Heat")
    assert "namespace-tabs" not in html_of(client, "/Anime/MetallicRouge")
    assert 'class="namespace-tabs"' in html_of(client, "/Main/Heat")


@pytest.mark.parametrize("count", [0, 12])
def test_the_bar_costs_no_query_per_tab(client, editor, rouge, count, django_assert_num_queries):
    for subpage_kind in SubpageKind.objects.exclude(namespace="Laconic")[:count]:
        creating.create_subpage(rouge, subpage_kind, editor)
    html_of(client, "/Anime/MetallicRouge/history")  # warms what any page reads once
    # The stamp, the page with its work, its examples, backlinks and the bar.
    with django_assert_num_queries(5):
        assert html_of(client, "/Anime/MetallicRouge").count("<li><a href=") >= count + 1


def test_a_new_subpage_shows_at_once_on_every_kept_page_of_the_family(client, editor, rouge):
    make(rouge, "YMMV", editor)
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        html_of(client, url)  # kept for anonymous readers
    make(rouge, "Trivia", editor)
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        assert ("Trivia", "/Trivia/MetallicRouge") in tabs(html_of(client, url))[0]


def test_a_kept_page_is_served_again_until_it_changes(
    client, editor, rouge, django_assert_max_num_queries
):
    make(rouge, "YMMV", editor)
    first = html_of(client, "/YMMV/MetallicRouge")
    with django_assert_max_num_queries(1):  # its stamp
        assert html_of(client, "/YMMV/MetallicRouge") == first


def test_a_moved_subpage_or_work_moves_its_tab_on_every_page_at_once(client, editor, rouge):
    make(rouge, "YMMV", editor)
    trivia = make(rouge, "Trivia", editor)
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        html_of(client, url)
    moving.move_page(trivia, "Trivia", "MetallicRougeAnime", editor)
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        assert ("Trivia", "/Trivia/MetallicRougeAnime") in tabs(html_of(client, url))[0]
    moving.move_page(rouge.page, "Anime", "MetallicRougeTheSeries", editor)
    main = ("Main", "/Anime/MetallicRougeTheSeries")
    assert tabs(html_of(client, "/YMMV/MetallicRouge"))[0][0] == main
    assert tabs(html_of(client, "/Trivia/MetallicRougeAnime"))[0][0] == main


def test_a_deleted_subpage_leaves_every_tab_bar_at_once(client, editor, rouge):
    make(rouge, "YMMV", editor)
    trivia = make(rouge, "Trivia", editor)
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        html_of(client, url)
    trivia.delete()
    for url in ("/Anime/MetallicRouge", "/YMMV/MetallicRouge"):
        assert "Trivia" not in dict(tabs(html_of(client, url))[0])


def test_a_work_record_lost_leaves_its_subpages_plain_pages(client, editor, rouge):
    ymmv = make(rouge, "YMMV", editor)
    html_of(client, "/YMMV/MetallicRouge")
    Subpage.objects.filter(page=ymmv).delete()
    assert "work-tabs" not in html_of(client, "/YMMV/MetallicRouge")


def test_a_moderator_edits_a_kind_in_the_admin_and_every_tab_shows_it(
    client, editor, moderator, rouge
):
    make(rouge, "YMMV", editor)
    html_of(client, "/YMMV/MetallicRouge")
    client.force_login(moderator)
    ymmv = kind("YMMV")
    url = f"/admin/tropes/subpagekind/{ymmv.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Your Mileage May Vary",
            "namespace": "YMMV",
            "icon": "⚖️",
            "order": ymmv.order,
            "spoilers": ymmv.spoilers,
            "structure": ymmv.structure,
            "accepts": ymmv.accepts,
        },
    )
    assert response.status_code == 302
    bar = tab_bar(html_of(Client(), "/YMMV/MetallicRouge"))
    assert "⚖️</span> Your Mileage May Vary</a>" in bar


def test_moderators_find_subpages_in_the_admin(client, editor, moderator, rouge):
    make(rouge, "YMMV", editor)
    client.force_login(moderator)
    listing = html_of(client, "/admin/tropes/subpage/")
    assert "YMMV / Metallic Rouge" in listing
    subpage = Subpage.objects.get()
    assert (
        html_of(client, f"/admin/tropes/subpagekind/{subpage.kind_id}/change/").count(
            'name="namespace"'
        )
        == 0
    )  # its pages live there: not renamed from here


def test_editors_who_are_not_moderators_cannot_edit_kinds(client, editor):
    client.force_login(editor)
    assert client.get("/admin/tropes/subpagekind/").status_code in (302, 403)


# What a subpage shows.


def test_a_ymmv_subpage_lists_the_works_ymmv_examples_and_the_main_page_does_not(
    client, editor, rouge, narm
):
    make(rouge, "YMMV", editor)
    ExampleFactory(trope=narm, work=rouge, text="The villain's speech about tea.")
    ExampleFactory(trope=TropeFactory(page__title="Big Eater"), work=rouge, text="Naomi eats.")
    ymmv = html_of(client, "/YMMV/MetallicRouge")
    assert "The villain's speech about tea." in ymmv and "Naomi eats." not in ymmv
    assert 'href="/Main/Narm">Narm</a>' in ymmv
    main = html_of(client, "/Anime/MetallicRouge")
    assert "Naomi eats." in main and "The villain's speech about tea." not in main


def test_a_subpage_of_a_kind_accepting_no_tropes_lists_no_examples(client, editor, rouge, narm):
    make(rouge, "Funny", editor)
    ExampleFactory(trope=narm, work=rouge, text="The villain's speech about tea.")
    html = html_of(client, "/Funny/MetallicRouge")
    assert "examples-section" not in html and "tea" not in html


def test_examples_and_votes_show_at_once_on_the_kept_subpage(client, editor, reader, rouge, narm):
    make(rouge, "YMMV", editor)
    html_of(client, "/YMMV/MetallicRouge")
    example = examples.add_example(narm, rouge, "The tea speech.", editor)
    assert "The tea speech." in html_of(client, "/YMMV/MetallicRouge")
    examples.edit_example(
        example, "The coffee speech.", example.history.latest("history_id").history_id, editor
    )
    assert "The coffee speech." in html_of(client, "/YMMV/MetallicRouge")
    votes.cast_vote(reader, example, 4)
    assert "(1 vote)" in html_of(client, "/YMMV/MetallicRouge")


@pytest.mark.django_db(transaction=True)
def test_a_removed_example_leaves_the_kept_subpage_once_committed(client, editor, narm):
    seeded_kinds()  # a test that commits empties the tables when it ends
    rouge = WorkFactory(page__name="MetallicRouge")
    make(rouge, "YMMV", editor)
    example = examples.add_example(narm, rouge, "The tea speech.", editor)
    assert "The tea speech." in html_of(client, "/YMMV/MetallicRouge")
    examples.remove_example(example, editor)
    assert "tea" not in html_of(client, "/YMMV/MetallicRouge")


def test_a_member_sees_their_own_votes_on_a_subpage_kept_for_members_like_them(
    client, editor, reader, rouge, narm
):
    make(rouge, "YMMV", editor)
    example = ExampleFactory(trope=narm, work=rouge)
    votes.cast_vote(reader, example, 2)
    other = UserFactory()
    client.force_login(other)
    assert "you: 2" not in html_of(client, "/YMMV/MetallicRouge")  # kept for new editors
    client.force_login(reader)
    assert "you: 2" in html_of(client, "/YMMV/MetallicRouge")


def test_speculation_pages_show_their_spoilers_open(client, editor, rouge):
    for namespace in ("WMG", "YMMV"):
        page = make(rouge, namespace, editor)
        page.body = "Rouge is [[spoiler:the last of the Nine]]."
        page.save()
    wmg = html_of(client, "/WMG/MetallicRouge")
    assert '<article class="wiki-page kind-subpage spoilers-shown">' in wmg
    assert "Spoilers are shown unmarked on this page" in wmg
    ymmv = html_of(client, "/YMMV/MetallicRouge")
    assert '<article class="wiki-page kind-subpage">' in ymmv
    assert 'class="spoiler"' in ymmv


# Everything a page has, a subpage has.


@pytest.fixture
def ymmv_page(rouge, editor):
    page = make(rouge, "YMMV", editor)
    page.body = "Viewers argue about the finale."
    page.save()
    return page


def test_a_subpage_is_edited_and_its_history_lists_the_edit(client, editor, ymmv_page):
    client.force_login(editor)
    data = form_data(ymmv_page, body="Viewers love the music.", summary="Music")
    assert client.post("/YMMV/MetallicRouge/edit", data)["Location"] == "/YMMV/MetallicRouge"
    assert "Viewers love the music." in html_of(Client(), "/YMMV/MetallicRouge")
    history = html_of(client, "/YMMV/MetallicRouge/history")
    assert "Music" in history and "Created the page" in history


def test_a_new_editors_edit_of_a_subpage_waits_for_review(client, new_editor, ymmv_page):
    client.force_login(new_editor)
    client.post("/YMMV/MetallicRouge/edit", form_data(ymmv_page, body="Vandalism."))
    assert PendingChange.objects.waiting().get().page == ymmv_page
    assert "Vandalism." not in html_of(Client(), "/YMMV/MetallicRouge")


def test_a_subpage_is_followed_and_its_changes_reach_followers(client, reader, editor, ymmv_page):
    client.force_login(reader)
    assert client.post("/YMMV/MetallicRouge/follow")["Location"] == "/YMMV/MetallicRouge"
    assert Follow.objects.filter(user=reader, page=ymmv_page).exists()
    client.force_login(editor)
    client.post("/YMMV/MetallicRouge/edit", form_data(ymmv_page, body="New.", summary="Renewed"))
    client.force_login(reader)
    assert "Renewed" in html_of(client, "/following")


def test_a_subpage_is_reported(client, reader, ymmv_page):
    client.force_login(reader)
    response = client.post("/YMMV/MetallicRouge/report", {"reason": "vandalism"})
    assert response["Location"] == "/YMMV/MetallicRouge"
    assert Report.objects.get().case.label == "Page YMMV/MetallicRouge"


def test_a_subpage_is_found_by_search_and_go_to(client, ymmv_page):
    results = html_of(client, "/search?q=finale")
    assert 'href="/YMMV/MetallicRouge">YMMV / Metallic Rouge</a>' in results
    suggestions = client.get("/goto", {"q": "YMMV / Metal"}, HTTP_HX_REQUEST="true")
    assert "/YMMV/MetallicRouge" in suggestions.content.decode()


def test_an_edited_subpage_is_found_by_its_new_words_at_once(client, editor, ymmv_page):
    html_of(client, "/search?q=soundtrack")
    client.force_login(editor)
    client.post("/YMMV/MetallicRouge/edit", form_data(ymmv_page, body="The soundtrack."))
    assert "/YMMV/MetallicRouge" in html_of(Client(), "/search?q=soundtrack")


def test_a_kept_subpage_changes_when_it_is_edited(client, editor, ymmv_page):
    html_of(client, "/YMMV/MetallicRouge")
    editor_client = Client()
    editor_client.force_login(editor)
    editor_client.post("/YMMV/MetallicRouge/edit", form_data(ymmv_page, body="Rewritten."))
    assert "Rewritten." in html_of(client, "/YMMV/MetallicRouge")


# Query budgets.


def ymmv_examples(count):
    import_examples([(f"Opinion{n}", "Anime/BigShow") for n in range(count)])
    Trope.objects.update(kind=Trope.Kind.YMMV)
    work = Work.objects.get()
    make(work, "YMMV", UserFactory())
    return work


@pytest.mark.parametrize("count", [5, 200])
def test_a_subpage_costs_the_same_queries_whatever_its_size(
    client, count, django_assert_max_num_queries
):
    ymmv_examples(count)
    with django_assert_max_num_queries(ANONYMOUS_QUERIES):
        html = html_of(client, "/YMMV/BigShow")
    assert html.count('class="example"') == count


@pytest.mark.parametrize("count", [5, 200])
def test_a_subpage_signed_in_costs_a_fixed_number_of_queries(
    client, reader, count, django_assert_max_num_queries
):
    ymmv_examples(count)
    for example in Example.objects.all():
        votes.cast_vote(reader, example, 4)
    client.force_login(reader)
    with django_assert_max_num_queries(SIGNED_IN_QUERIES):
        html = html_of(client, "/YMMV/BigShow")
    assert html.count("you: 4") == count


def test_the_create_menu_works_from_a_page_kept_for_every_editor_like_them(editor, rouge):
    first = Client()
    first.force_login(editor)
    html_of(first, "/Anime/MetallicRouge")  # kept for trusted editors
    other = Client(enforce_csrf_checks=True)
    other.force_login(with_role(UserFactory(), Role.TRUSTED))
    menu = tab_bar(html_of(other, "/Anime/MetallicRouge"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu)[1]
    response = other.post(
        "/Anime/MetallicRouge/subpages/new", {"kind": "Quotes", "csrfmiddlewaretoken": token}
    )
    assert response["Location"] == "/Quotes/MetallicRouge/edit"


def test_the_bars_addresses_are_those_the_url_resolver_gives(rouge):
    bar = family.tab_bar(rouge.pk, rouge.pk, work=rouge)
    assert bar.work_edit_url == reverse("wiki:edit", args=["Anime", "MetallicRouge"])
    assert bar.create_url == reverse("tropes:new_subpage", args=["Anime", "MetallicRouge"])


def test_an_installments_recap_page_is_of_the_family_and_gets_new_stamps(editor, rouge):
    recap = PageFactory(namespace="Recap", name="MetallicRougeE1", kind=Installment.KIND)
    Installment.objects.create(page=recap, work=rouge, number=1)
    stamps = [Page.objects.get(pk=recap.pk).shown_stamp]
    make(rouge, "YMMV", editor)  # a new tab
    stamps.append(Page.objects.get(pk=recap.pk).shown_stamp)
    moving.move_page(rouge.page, "Anime", "MetallicRougeTheSeries", editor)  # Main moves
    stamps.append(Page.objects.get(pk=recap.pk).shown_stamp)
    assert len(set(stamps)) == 3
