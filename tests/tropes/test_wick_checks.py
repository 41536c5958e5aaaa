"""Wick checks: a sample of the links to a trope, reproducible from its seed, each link shown
in its bullet or paragraph with spoilers hidden, labelled by several checkers, and saved as
a report that the trope's page shows."""

import pytest

from tests.factories import ExampleFactory, PageFactory, TropeFactory, UserFactory
from tests.helpers import import_examples
from tropes.models import RepairCase, Trope, WickCheck, WickItem, WickLabel
from tropes.repair import cases, wicks
from wiki import moving
from wiki.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def eater(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater")


def start(client, user, name="BigEater"):
    client.force_login(user)
    return client.post(f"/Main/{name}/wickcheck/start")


def items_of(check):
    return list(check.items.order_by("position"))


def label_all(client, user, check, verdicts):
    """`user` labels the check's items with `verdicts`, in order."""
    client.force_login(user)
    data = {}
    for item, verdict in zip(items_of(check), verdicts, strict=False):
        data[f"verdict-{item.pk}"] = verdict
        data[f"note-{item.pk}"] = f"{verdict} says {user.username}"
    return client.post(f"/Main/BigEater/wickcheck/{check.pk}", data)


def test_a_check_samples_every_link_up_to_fifty_with_its_bullet_and_hidden_spoilers(
    client, reader, eater
):
    PageFactory(
        namespace="Main",
        name="FoodTropes",
        title="Food Tropes",
        body="An index.\n\n* BigEater: eats [[spoiler:the moon]].\n* PickyEater: does not.",
    )
    example = ExampleFactory(trope=eater, text="Jean eats for three.")
    ExampleFactory(text="She mentions BigEater as she eats.")
    assert start(client, reader).status_code == 302
    check = WickCheck.objects.get()
    assert check.link_count == 3 and check.items.count() == 3
    html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert "Sampled 3 of 3 links" in html
    # The bullet the link sits in, not the rest of the page; its spoiler hidden.
    assert '<span class="spoiler"' in html and "the moon" in html
    assert "PickyEater" not in html and "does not" not in html
    assert "Jean eats for three." in html
    assert f"{example.work.page.title}#example-{example.pk}" not in html  # linked by address
    assert f"{example.work.page.get_absolute_url()}#example-{example.pk}" in html


def test_past_fifty_links_fifty_are_drawn_and_the_seed_draws_them_again(client, reader, eater):
    import_examples([("BigEater", f"Anime/Show{n}") for n in range(80)])
    assert start(client, reader).status_code == 302
    check = WickCheck.objects.get()
    assert check.link_count == 80 and check.items.count() == 50
    page = Page.objects.get(name="BigEater")
    drawn = wicks.draw(wicks.wicks(page, wicks.trope_keys(page)), check.seed)
    assert [item.origin for item in items_of(check)] == [wick.origin for wick in drawn]
    # Another seed draws another sample of the same links.
    other = wicks.draw(wicks.wicks(page, wicks.trope_keys(page)), check.seed + 1)
    assert [wick.origin for wick in other] != [wick.origin for wick in drawn]


def test_an_example_linking_from_both_its_pages_is_one_wick(client, reader, eater):
    ExampleFactory(text="A glutton, a BigEater.")  # links from its work's and its trope's page
    start(client, reader)
    assert WickCheck.objects.get().link_count == 1


def test_links_to_another_name_of_the_trope_are_sampled(client, reader, eater, moderator):
    moving.add_alias(eater.page, "Main", "BigGlutton", moderator)
    PageFactory(name="Menu", body="A BigGlutton dines.")
    start(client, reader)
    assert WickItem.objects.get().context == "A BigGlutton dines."


def test_several_checkers_label_and_the_report_counts_each_link_by_its_majority(
    client, reader, editor, moderator, eater
):
    for n in range(4):
        ExampleFactory(trope=eater, text=f"Eats a lot, number {n}.")
    start(client, reader)
    check = WickCheck.objects.get()
    assert (
        label_all(client, reader, check, ["correct", "misuse", "correct", "unclear"]).status_code
        == 302
    )
    assert label_all(client, editor, check, ["correct", "misuse", "misuse"]).status_code == 302
    assert WickLabel.objects.count() == 7
    # A checker's labels again replace theirs.
    label_all(client, editor, check, ["correct", "misuse", "misuse"])
    assert WickLabel.objects.count() == 7
    html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert html.count("(2 labels)") == 3
    response = client.post(f"/Main/BigEater/wickcheck/{check.pk}/save")
    assert response.status_code == 302
    check.refresh_from_db()
    # correct (2-0), misuse (2-0), a tie (1-1) is unclear, unclear (1).
    assert (check.correct, check.misuse, check.unclear, check.unlabelled) == (1, 1, 2, 0)
    assert check.checkers == 2 and check.correct_percent == 25
    html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert "1 correct use (25%), 1 misuse (25%), 2 unclear (50%)" in html
    # Saved, it takes no more labels; a new check may start.
    assert label_all(client, reader, check, ["misuse"]).status_code == 400
    assert "Start a wick check" in html


def test_the_trope_page_shows_its_latest_wick_check_as_soon_as_it_is_saved(client, reader, eater):
    ExampleFactory(trope=eater)
    ExampleFactory(trope=eater)
    assert "% correct" not in client.get("/Main/BigEater").content.decode()  # now kept
    start(client, reader)
    check = WickCheck.objects.get()
    label_all(client, reader, check, ["correct", "misuse"])
    client.post(f"/Main/BigEater/wickcheck/{check.pk}/save")
    client.logout()
    html = client.get("/Main/BigEater").content.decode()
    check.refresh_from_db()
    today = check.saved.date().isoformat()
    assert f"Wick check: 50% correct, {today}" in html
    # Not a revision of the trope.
    assert Trope.history.filter(page_id=eater.pk).count() == 1


def test_a_report_is_attached_to_a_repair_case_of_the_trope(client, reader, eater):
    case = cases.propose(eater.page, RepairCase.Kind.RENAME, "Misused.", reader, proposed_name="X")
    ExampleFactory(trope=eater)
    start(client, reader)
    check = WickCheck.objects.get()
    label_all(client, reader, check, ["misuse"])
    client.post(f"/Main/BigEater/wickcheck/{check.pk}/save", {"case": case.pk})
    assert WickCheck.objects.get().case == case
    html = client.get(f"/repair/{case.pk}").content.decode()
    assert "0% correct" in html and "1 misuse (100%)" in html


def test_a_case_of_another_trope_or_no_case_is_refused(client, reader, eater):
    other = TropeFactory()
    case = cases.propose(other.page, RepairCase.Kind.CUT, "Misused.", reader)
    ExampleFactory(trope=eater)
    start(client, reader)
    check = WickCheck.objects.get()
    label_all(client, reader, check, ["misuse"])
    url = f"/Main/BigEater/wickcheck/{check.pk}/save"
    assert client.post(url, {"case": case.pk}).status_code == 400
    assert client.post(url, {"case": "x" * 40}).status_code == 400
    assert WickCheck.objects.get().saved is None


def test_bad_labels_and_an_empty_report_are_refused(client, reader, eater):
    ExampleFactory(trope=eater)
    start(client, reader)
    check = WickCheck.objects.get()
    item = check.items.get()
    url = f"/Main/BigEater/wickcheck/{check.pk}"
    assert client.post(url, {f"verdict-{item.pk}": "great"}).status_code == 400
    assert client.post(f"{url}/save").status_code == 400  # nothing labelled
    assert client.get(url).status_code == 405
    assert client.post("/Main/BigEater/wickcheck/999999").status_code == 404
    assert client.get("/Main/NoSuchTrope/wickcheck").status_code == 404


def test_one_check_at_a_time(client, reader, eater):
    ExampleFactory(trope=eater)
    start(client, reader)
    start(client, reader)
    assert WickCheck.objects.count() == 1


def test_readers_see_the_sample_and_sign_in_to_label(client, eater):
    ExampleFactory(trope=eater)
    wicks.start(eater.page, UserFactory())
    html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert "Sign in" in html and 'type="radio"' not in html
    assert client.post("/Main/BigEater/wickcheck/start").status_code == 302  # to sign in


@pytest.mark.parametrize("count", [3, 60])
def test_the_wick_check_page_costs_the_same_queries_whatever_its_sample(
    client, reader, eater, count, django_assert_max_num_queries
):
    import_examples([("BigEater", f"Anime/Show{n}") for n in range(count)])
    start(client, reader)
    check = WickCheck.objects.get()
    label_all(client, reader, check, ["correct"] * 50)
    # The page, the open check, its items, their labels, the reports, the trope's open
    # cases; the session, the member with their role, and their notices.
    with django_assert_max_num_queries(9):
        html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert html.count('class="wick-item"') == min(count, 50)


def test_reports_and_open_cases_show_atop_the_tropes_discussion(client, reader, eater):
    case = cases.propose(eater.page, RepairCase.Kind.SPLIT, "Two ideas.", reader)
    ExampleFactory(trope=eater)
    start(client, reader)
    check = WickCheck.objects.get()
    label_all(client, reader, check, ["correct"])
    client.post(f"/Main/BigEater/wickcheck/{check.pk}/save")
    html = client.get("/Main/BigEater/discussion").content.decode()
    box = html[html.index('class="wick-box"') :]
    assert "100% correct" in box and f'href="/repair/{case.pk}"' in box
    other = TropeFactory()
    assert (
        'class="wick-box"'
        not in client.get(f"{other.page.get_absolute_url()}/discussion").content.decode()
    )


def test_a_trope_nothing_links_to_has_nothing_to_check(client, reader, eater):
    response = start(client, reader)
    assert response.status_code == 302 and not WickCheck.objects.exists()
    html = client.get("/Main/BigEater/wickcheck").content.decode()
    assert "nothing to check" in html and "Start a wick check" in html
