"""The rule a trope's examples follow, set by moderators: none at all, each new one approved
by a moderator, or shown on the trope's page only. Each holds on every path that makes an
example, and editors are told of it before they write."""

import pytest

from tests.factories import ExampleFactory, TropeFactory
from tropes import examples, held_examples
from tropes.models import Example, Subpage, SubpageKind, Trope
from wiki.models import PendingChange
from wiki.moderation import review

pytestmark = pytest.mark.django_db

DEFINITION_ONLY = "Big Eater takes no examples: it is a definition only."


def with_rule(trope, rule):
    trope.example_rule = rule
    trope.save()
    return trope


@pytest.fixture
def definition_only(big_eater):
    return with_rule(big_eater, Trope.ExampleRule.NONE)


# No examples ------------------------------------------------------------------------------


def test_a_definition_only_trope_page_shows_no_list_and_says_why(client, editor, definition_only):
    client.force_login(editor)
    html = client.get("/Main/BigEater").content.decode()
    assert 'class="examples-section"' not in html and "Add an example" not in html
    assert "This trope is a definition only: it takes no examples." in html


def test_adding_one_from_a_work_page_is_refused_with_the_reason(
    client, editor, rouge, definition_only
):
    client.force_login(editor)
    answer = client.post(
        "/examples/new?work=Anime/MetallicRouge", {"subject": "Big Eater", "text": "Eats."}
    )
    assert answer.status_code == 400
    assert DEFINITION_ONLY in answer.content.decode()
    assert not Example.objects.exists()


def test_adding_one_from_the_trope_says_so_first_and_is_refused(
    client, editor, rouge, definition_only
):
    client.force_login(editor)
    form = client.get("/examples/new?trope=BigEater").content.decode()
    assert "This trope is a definition only" in form
    answer = client.post(
        "/examples/new?trope=BigEater", {"subject": "Metallic Rouge", "text": "Eats."}
    )
    assert answer.status_code == 400 and DEFINITION_ONLY in answer.content.decode()
    assert not Example.objects.exists()


def test_a_held_example_is_not_added_once_the_trope_takes_none(
    client, new_editor, moderator, rouge, big_eater
):
    client.force_login(new_editor)
    client.post("/examples/new?trope=BigEater", {"subject": "Metallic Rouge", "text": "Eats."})
    change = PendingChange.objects.get()
    with_rule(big_eater, Trope.ExampleRule.NONE)
    with pytest.raises(review.Conflict):
        review.approve(change, moderator)
    assert not Example.objects.exists()


def test_no_service_makes_one(editor, new_editor, rouge, definition_only):
    with pytest.raises(Exception, match="definition only"):
        examples.add_example(definition_only, rouge, "Eats.", editor)
    with pytest.raises(Exception, match="definition only"):
        held_examples.hold_add(definition_only, rouge, "Eats.", new_editor)
    assert not Example.objects.exists() and not PendingChange.objects.exists()


def test_a_removed_example_is_not_restored_once_the_trope_takes_none(
    client, editor, rouge, big_eater
):
    example = ExampleFactory(trope=big_eater, work=rouge)
    added = example.history.get()
    examples.remove_example(example, editor)
    with_rule(big_eater, Trope.ExampleRule.NONE)
    client.force_login(editor)
    answer = client.post(f"/examples/revisions/{added.history_id}/restore", follow=True)
    assert "definition only" in answer.content.decode()
    assert not Example.objects.exists()


def test_its_existing_examples_are_shown_nowhere_and_can_still_be_edited(
    client, editor, rouge, big_eater
):
    example = ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    with_rule(big_eater, Trope.ExampleRule.NONE)
    assert "Naomi eats." not in client.get("/Anime/MetallicRouge").content.decode()
    assert "Naomi eats." not in client.get("/Main/BigEater").content.decode()
    assert client.get("/Main/BigEater/examples/Anime").status_code == 404
    examples.edit_example(example, "Naomi eats a lot.", example.history.latest().history_id, editor)


# On the trope page only ---------------------------------------------------------------------


def test_its_examples_show_on_the_trope_page_only(client, rouge, big_eater):
    with_rule(big_eater, Trope.ExampleRule.TROPE_PAGE_ONLY)
    ExampleFactory(trope=big_eater, work=rouge, text="Naomi eats.")
    assert "Naomi eats." in client.get("/Main/BigEater").content.decode()
    assert "Naomi eats." not in client.get("/Anime/MetallicRouge").content.decode()
    assert "listed on this page only" in client.get("/Main/BigEater").content.decode()


def test_a_ymmv_trope_for_its_page_only_is_on_no_subpage(client, editor, rouge):
    narm = TropeFactory(
        page__name="Narm",
        kind=Trope.Kind.YMMV,
        example_rule=Trope.ExampleRule.TROPE_PAGE_ONLY,
    )
    ExampleFactory(trope=narm, work=rouge, text="The dub's screaming.")
    plain = ExampleFactory(trope=TropeFactory(kind=Trope.Kind.YMMV), work=rouge)
    ymmv = SubpageKind.objects.get(accepts=Trope.Kind.YMMV)
    assert list(Example.objects.for_subpage(Subpage(work=rouge, kind=ymmv))) == [plain]


# Examples need approval ---------------------------------------------------------------------


@pytest.fixture
def gated(big_eater):
    return with_rule(big_eater, Trope.ExampleRule.APPROVAL)


def add_from_work(client, user, subject="Big Eater"):
    client.force_login(user)
    return client.post(
        "/examples/new?work=Anime/MetallicRouge",
        {"subject": subject, "text": "Naomi eats.", "played": "straight"},
        follow=True,
    )


def test_a_trusted_editors_example_waits_for_a_moderator(client, editor, rouge, gated):
    answer = add_from_work(client, editor)
    assert "need a moderator&#x27;s approval" in answer.content.decode()
    assert not Example.objects.exists()
    change = PendingChange.objects.get()
    assert change.author == editor
    assert "Naomi eats." not in client.get("/Anime/MetallicRouge").content.decode()


def test_a_moderators_own_example_goes_live(client, moderator, rouge, gated):
    add_from_work(client, moderator)
    assert Example.objects.get().text == "Naomi eats."
    assert not PendingChange.objects.exists()


def test_an_approved_example_shows_at_once(client, editor, moderator, rouge, gated):
    add_from_work(client, editor)
    assert "Naomi eats." not in client.get("/Main/BigEater").content.decode()  # now kept
    review.approve(PendingChange.objects.get(), moderator)
    assert "Naomi eats." in client.__class__().get("/Main/BigEater").content.decode()


def test_editors_are_told_before_they_write(client, editor, gated):
    client.force_login(editor)
    note = "New examples of this trope are shown once a moderator has approved them"
    assert note in client.get("/Main/BigEater").content.decode()
    assert note in client.get("/examples/new?trope=BigEater").content.decode()


def test_a_removed_example_restored_by_a_trusted_editor_waits(client, editor, rouge, big_eater):
    example = ExampleFactory(trope=big_eater, work=rouge)
    added = example.history.get()
    examples.remove_example(example, editor)
    with_rule(big_eater, Trope.ExampleRule.APPROVAL)
    client.force_login(editor)
    client.post(f"/examples/revisions/{added.history_id}/restore")
    assert not Example.objects.exists()
    assert PendingChange.objects.get().payload["action"] == "restore"


def test_edits_of_existing_examples_go_live_as_usual(client, editor, rouge, gated):
    example = ExampleFactory(trope=gated, work=rouge, text="Naomi eats.")
    client.force_login(editor)
    base = example.history.latest().history_id
    client.post(f"/examples/{example.pk}/edit", {"text": "Naomi eats more.", "base_revision": base})
    example.refresh_from_db()
    assert example.text == "Naomi eats more."
