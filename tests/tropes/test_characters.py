"""A work's Characters subpage: characters in folders, each with its anchor, image,
description and tropes; editors adding, editing, reordering and removing them; trope pages
naming the character an example is about."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import (
    CharacterFactory,
    ExampleFactory,
    PageFactory,
    TropeFactory,
    UserFactory,
    WorkFactory,
)
from tests.helpers import with_role
from tropes import character_rows, votes
from tropes.models import Character, Example, Subpage, SubpageKind
from wiki import moderation
from wiki.models import Link, Page, PendingChange

pytestmark = pytest.mark.django_db

CAST = "/Characters/MetallicRouge"


def characters_subpage(work):
    kind = SubpageKind.objects.get(structure=SubpageKind.Structure.CHARACTERS)
    page = PageFactory(
        namespace=kind.namespace,
        name=work.page.name,
        title=f"Characters / {work.page.title}",
        kind=Subpage.KIND,
        body="The cast of the show.",
    )
    return Subpage.objects.create(page=page, work=work, kind=kind)


@pytest.fixture
def cast(rouge):
    return characters_subpage(rouge)


@pytest.fixture
def rouge_redstar(cast):
    return CharacterFactory(
        work=cast.work,
        folder="Protagonists",
        name="Rouge Redstar",
        description="An android who hunts **Visitors**.",
    )


def stamp(page):
    return Page.objects.get(pk=page.pk).shown_stamp


def form(**values):
    data = {
        "folder": "Protagonists",
        "name": "Naomi Orthmann",
        "image": "",
        "image_caption": "",
        "description": "Rouge's handler.",
        "summary": "",
    }
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


def as_it_is(character, **changes):
    """What the edit form posts for `character` as it is now, with `changes` typed in."""
    data = {name: getattr(character, name) for name in ("folder", "name", "image_caption")}
    data.update(description=character.description, image=character.image.name, summary="")
    if character.name_is_spoiler:
        data["name_is_spoiler"] = "on"
    data.update(changes)
    return data


# Reading


def test_characters_page_lists_characters_in_folders_with_anchors(client, cast):
    work = cast.work
    CharacterFactory(work=work, folder="Protagonists", name="Rouge Redstar", order=0)
    CharacterFactory(work=work, folder="The Immortal Nine", name="Jean Jaures", order=1)
    CharacterFactory(work=work, folder="Protagonists", name="Naomi Orthmann", order=2)
    html = client.get(CAST).content.decode()
    assert html.index("Protagonists") < html.index("The Immortal Nine")
    protagonists = html[html.index("<summary>Protagonists") : html.index("<summary>The Immortal")]
    assert 'id="RougeRedstar"' in protagonists and 'id="NaomiOrthmann"' in protagonists
    assert 'id="JeanJaures"' in html[html.index("<summary>The Immortal Nine") :]
    assert '<a href="#RougeRedstar">Rouge Redstar</a>' in html  # the contents


def test_character_shows_its_description_rendered_and_sanitized(client, cast):
    CharacterFactory(
        work=cast.work,
        name="Rouge Redstar",
        description="Hunts **Visitors**. <script>alert(1)</script> See [[Main/BigEater]].",
    )
    html = client.get(CAST).content.decode()
    assert "<strong>Visitors</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'class="wikilink redlink"' in html  # Main/BigEater does not exist


def test_character_shows_its_image_and_caption(client, cast):
    stored = default_storage.save("characters/rouge.png", ContentFile(b"png"))
    CharacterFactory(
        work=cast.work, name="Rouge Redstar", image=stored, image_caption="Rouge in battle"
    )
    html = client.get(CAST).content.decode()
    assert f'src="{default_storage.url(stored)}"' in html
    assert 'alt="Rouge Redstar"' in html
    assert "<figcaption>Rouge in battle</figcaption>" in html


def test_character_lists_its_tropes_as_trope_and_text(client, rouge_redstar, big_eater):
    ExampleFactory(
        trope=big_eater,
        work=rouge_redstar.work,
        character=rouge_redstar,
        text="She eats a whole *cake*.",
    )
    html = client.get(CAST).content.decode()
    folder = html[html.index('id="RougeRedstar"') :]
    assert re.search(
        r'<a href="/Main/BigEater">Big Eater</a>:</strong> <p>She eats a whole <em>cake</em>',
        folder,
    )


def test_spoiler_name_is_hidden_in_its_folder_title_and_the_contents(client, cast):
    character = CharacterFactory(work=cast.work, name="Jean Jaures", name_is_spoiler=True)
    html = client.get(CAST).content.decode()
    hidden = '<span class="spoiler" tabindex="0"'
    summary = html[html.index(f'id="{character.anchor}"') :]
    summary = summary[summary.index("<summary>") : summary.index("</summary>")]
    assert hidden in summary and "Jean Jaures" in summary
    contents = html[html.index('class="characters-contents"') :]
    contents = contents[: contents.index("</nav>")]
    assert hidden in contents
    # Its anchor does not spell the name out.
    assert "JeanJaures" not in html


def test_characters_page_without_characters_says_so(client, cast):
    assert "No characters yet." in client.get(CAST).content.decode()


def test_only_signed_in_readers_are_offered_to_add_and_edit(client, reader, rouge_redstar):
    assert "Add a character" not in client.get(CAST).content.decode()
    client.force_login(reader)
    html = client.get(CAST).content.decode()
    assert f'href="{CAST}/characters/new"' in html
    assert f'href="{CAST}/characters/RougeRedstar/edit"' in html
    assert "&amp;character=RougeRedstar" in html


# Adding, editing, reordering, removing


def test_editor_adds_a_character_with_a_revision_and_a_summary(client, editor, cast):
    client.force_login(editor)
    before = stamp(cast.page)
    response = client.post(f"{CAST}/characters/new", form(summary="Naomi joins"))
    assert response.status_code == 302
    assert response["Location"] == f"{CAST}#NaomiOrthmann"
    character = Character.objects.get(work=cast.work, anchor="NaomiOrthmann")
    revision = character.history.get()
    assert (revision.history_user, revision.history_change_reason) == (editor, "Naomi joins")
    assert stamp(cast.page) != before
    assert 'id="NaomiOrthmann"' in client.get(CAST).content.decode()


def test_a_characters_image_is_one_uploaded_to_the_wiki(client, editor, cast):
    stored = default_storage.save(f"uploads/{'ab' * 16}.png", ContentFile(b"png"))
    client.force_login(editor)
    address = default_storage.url(stored)
    response = client.post(f"{CAST}/characters/new", form(image=address, image_caption="Naomi"))
    assert response.status_code == 302
    assert Character.objects.get().image.name == stored
    for elsewhere in ("https://example.org/naomi.png", "/media/uploads/nothere.png", "/etc/passwd"):
        response = client.post(f"{CAST}/characters/new", form(name="Other", image=elsewhere))
        assert response.status_code == 400
        assert "an image uploaded to the wiki" in response.content.decode()


def test_a_new_character_goes_last(client, editor, rouge_redstar):
    client.force_login(editor)
    client.post(f"{CAST}/characters/new", form())
    html = client.get(CAST).content.decode()
    assert html.index('id="RougeRedstar"') < html.index('id="NaomiOrthmann"')


def test_a_name_taken_by_another_character_is_refused(client, editor, rouge_redstar):
    client.force_login(editor)
    response = client.post(f"{CAST}/characters/new", form(name="Rouge  Redstar"))
    assert response.status_code == 400
    assert "Another character of this work has that name." in response.content.decode()


def test_new_editors_new_character_waits_for_review(client, new_editor, moderator, cast):
    client.force_login(new_editor)
    response = client.post(f"{CAST}/characters/new", form())
    assert response.status_code == 302
    assert not Character.objects.exists()
    change = PendingChange.objects.get()
    assert change.page == cast.page
    moderation.approve(change, moderator)
    character = Character.objects.get()
    assert character.history.get().history_user == new_editor
    assert 'id="NaomiOrthmann"' in client.get(CAST).content.decode()


def test_a_held_character_is_shown_to_its_reviewer(client, new_editor, moderator, cast):
    client.force_login(new_editor)
    client.post(f"{CAST}/characters/new", form(description="Rouge's *handler*."))
    change = PendingChange.objects.get()
    assert change.description == "New character Naomi Orthmann in Metallic Rouge"
    client.force_login(moderator)
    response = client.get(f"/pending/{change.pk}")
    assert response.status_code == 200
    assert "Rouge's <em>handler</em>." in response.content.decode()


def test_a_held_spoiler_name_is_not_spelled_out_where_changes_are_listed(client, new_editor, cast):
    client.force_login(new_editor)
    client.post(f"{CAST}/characters/new", form(name="Jean Jaures", name_is_spoiler="on"))
    assert "Jean" not in PendingChange.objects.get().description


def test_new_editors_edit_move_and_removal_wait_for_review(client, new_editor, moderator, cast):
    work = cast.work
    first = CharacterFactory(work=work, name="Rouge Redstar", order=0)
    CharacterFactory(work=work, name="Naomi Orthmann", order=1)
    client.force_login(new_editor)
    client.post(
        f"{CAST}/characters/RougeRedstar/edit",
        as_it_is(first, description="Edited.", base_revision=first.history.first().history_id),
    )
    client.post(f"{CAST}/characters/NaomiOrthmann/move", {"direction": "up"})
    client.post(f"{CAST}/characters/RougeRedstar/remove", {"summary": "Gone"})
    held = list(PendingChange.objects.order_by("pk"))
    assert len(held) == 3 and Character.objects.count() == 2
    for change in held:
        moderation.approve(change, moderator)
    assert list(Character.objects.values_list("name", flat=True)) == ["Naomi Orthmann"]
    assert Character.history.filter(history_user=new_editor).count() == 4


def test_a_moderator_rolls_back_a_vandals_characters(client, editor, moderator, cast):
    vandal = with_role(UserFactory(username="vandal"), Role.TRUSTED)
    kept = CharacterFactory(work=cast.work, name="Rouge Redstar", description="Good.")
    removed = CharacterFactory(work=cast.work, name="Naomi Orthmann")
    trope = ExampleFactory(work=cast.work, character=removed).trope
    client.force_login(vandal)
    url = f"{CAST}/characters/RougeRedstar/edit"
    client.post(url, as_it_is(kept, description="Spam!", base_revision=kept.history.first().pk))
    client.post(f"{CAST}/characters/NaomiOrthmann/remove", {"summary": ""})
    client.post(f"{CAST}/characters/new", form(name="Spam Bot"))
    client.force_login(moderator)
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    preview = client.get("/user/vandal/rollback", {"since": since}).content.decode()
    assert "Remove the character they added" in preview
    client.post("/user/vandal/rollback", {"since": since})
    assert Character.objects.get(pk=kept.pk).description == "Good."
    assert Character.objects.filter(pk=removed.pk).exists()
    assert Example.objects.get(trope=trope).character_id == removed.pk  # with its tropes
    assert not Character.objects.filter(name="Spam Bot").exists()
    html = client.get(CAST).content.decode()
    assert 'id="NaomiOrthmann"' in html and "Spam Bot" not in html


def test_changes_to_a_locked_characters_page_wait_for_a_moderator(client, editor, cast):
    Page.objects.filter(pk=cast.page.pk).update(protection=Page.Protection.LOCKED)
    client.force_login(editor)
    client.post(f"{CAST}/characters/new", form())
    assert not Character.objects.exists()
    assert PendingChange.objects.count() == 1


def test_anonymous_readers_are_sent_to_sign_in(client, rouge_redstar):
    response = client.get(f"{CAST}/characters/new")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    response = client.post(f"{CAST}/characters/RougeRedstar/edit", form())
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_banned_members_cannot_add_characters(client, banned_user, cast):
    client.force_login(banned_user)
    assert client.post(f"{CAST}/characters/new", form()).status_code == 403
    assert not Character.objects.exists()


def test_characters_are_edited_only_on_a_characters_subpage(client, editor, rouge):
    client.force_login(editor)
    assert client.get("/Anime/MetallicRouge/characters/new").status_code == 404


def test_editor_edits_a_character(client, editor, rouge_redstar):
    client.force_login(editor)
    url = f"{CAST}/characters/RougeRedstar/edit"
    page = client.get(url).content.decode()
    base = re.search(r'name="base_revision" value="(\d+)"', page).group(1)
    response = client.post(
        url,
        form(
            name="Rouge Redstar",
            description="An android **and** a hunter.",
            base_revision=base,
            summary="Clearer",
        ),
    )
    assert response.status_code == 302
    rouge_redstar.refresh_from_db()
    assert rouge_redstar.description == "An android **and** a hunter."
    assert rouge_redstar.history.first().history_change_reason == "Clearer"
    assert "<strong>and</strong> a hunter" in client.get(CAST).content.decode()


def test_edits_made_at_once_merge_or_say_what_conflicts(client, editor, rouge_redstar):
    other = with_role(UserFactory(username="other"), Role.TRUSTED)
    url = f"{CAST}/characters/RougeRedstar/edit"
    base = rouge_redstar.history.first().history_id
    client.force_login(other)
    client.post(url, as_it_is(rouge_redstar, image_caption="Rouge", base_revision=base))
    client.force_login(editor)
    response = client.post(
        url, as_it_is(rouge_redstar, description="Merged with the caption.", base_revision=base)
    )
    assert response.status_code == 302
    rouge_redstar.refresh_from_db()
    assert (rouge_redstar.image_caption, rouge_redstar.description) == (
        "Rouge",
        "Merged with the caption.",
    )
    response = client.post(
        url, as_it_is(rouge_redstar, image_caption="Not Rouge", base_revision=base)
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed this character" in html and "Image caption" in html
    assert 'value="Not Rouge"' in html  # the editor's value is kept


def test_editor_removes_a_character_and_its_tropes(client, editor, rouge_redstar, big_eater):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    client.force_login(editor)
    url = f"{CAST}/characters/RougeRedstar/remove"
    assert "with its 1 trope" in client.get(url).content.decode()
    response = client.post(url, {"summary": "Not a character"})
    assert response.status_code == 302
    assert not Character.objects.exists() and not Example.objects.exists()
    assert Character.history.first().history_type == "-"
    assert 'id="RougeRedstar"' not in client.get(CAST).content.decode()
    assert "Rouge Redstar" not in client.get("/Main/BigEater").content.decode()


def test_editor_moves_a_character_within_its_folder(client, editor, cast):
    work = cast.work
    CharacterFactory(work=work, folder="Heroes", name="Rouge Redstar", order=0)
    CharacterFactory(work=work, folder="Villains", name="Jean Jaures", order=1)
    CharacterFactory(work=work, folder="Heroes", name="Naomi Orthmann", order=2)
    client.force_login(editor)
    order = client.get(f"{CAST}/characters/order")
    assert order.status_code == 200
    response = client.post(f"{CAST}/characters/NaomiOrthmann/move", {"direction": "up"})
    assert response.status_code == 302
    html = client.get(CAST).content.decode()
    assert html.index('id="NaomiOrthmann"') < html.index('id="RougeRedstar"')
    moved = Character.objects.get(anchor="NaomiOrthmann")
    assert moved.history.first().history_change_reason == "Moved the character"
    # First of its folder already.
    client.post(f"{CAST}/characters/NaomiOrthmann/move", {"direction": "up"})
    assert Character.objects.get(anchor="NaomiOrthmann").order == moved.order


def test_moving_is_a_post(client, editor, rouge_redstar):
    client.force_login(editor)
    assert client.get(f"{CAST}/characters/RougeRedstar/move").status_code == 405


# A character's tropes


def add_url(anchor="RougeRedstar"):
    return f"/examples/new?work=Anime/MetallicRouge&character={anchor}"


def test_editor_adds_a_trope_to_a_character(client, editor, rouge_redstar, big_eater):
    client.force_login(editor)
    form_page = client.get(add_url()).content.decode()
    assert '(<a href="/Characters/MetallicRouge#RougeRedstar">Rouge Redstar</a>)' in form_page
    response = client.post(
        add_url(), {"subject": "Big Eater", "text": "Eats for two.", "played": "straight"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{CAST}#RougeRedstar"
    example = Example.objects.get()
    assert (example.character, example.work, example.trope) == (
        rouge_redstar,
        rouge_redstar.work,
        big_eater,
    )
    folder = client.get(CAST).content.decode()
    folder = folder[folder.index('id="RougeRedstar"') :]
    assert "Big Eater</a>:</strong> <p>Eats for two.</p>" in folder
    # The work itself may still have its own example of the trope, and another character too.
    assert (
        client.post(
            "/examples/new?work=Anime/MetallicRouge", {"subject": "Big Eater", "text": "Everyone."}
        ).status_code
        == 302
    )
    assert Example.objects.count() == 2


def test_a_character_has_one_example_of_a_trope(client, editor, rouge_redstar, big_eater):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    client.force_login(editor)
    response = client.post(add_url(), {"subject": "Big Eater", "text": "Again."})
    assert response.status_code == 400
    assert "already has an example of Big Eater" in response.content.decode()


def test_adding_to_a_character_the_work_lacks_is_a_404(client, editor, rouge_redstar):
    client.force_login(editor)
    assert client.get(add_url("NoSuchPerson")).status_code == 404


def test_new_editors_trope_for_a_character_waits_and_keeps_its_character(
    client, new_editor, moderator, rouge_redstar, big_eater
):
    client.force_login(new_editor)
    response = client.post(add_url(), {"subject": "Big Eater", "text": "Eats for two."})
    assert response.status_code == 302 and response["Location"] == f"{CAST}#RougeRedstar"
    assert not Example.objects.exists()
    moderation.approve(PendingChange.objects.get(), moderator)
    assert Example.objects.get().character == rouge_redstar


def test_a_characters_example_is_not_on_the_work_page(client, rouge_redstar, big_eater):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    html = client.get("/Anime/MetallicRouge").content.decode()
    assert 'class="example-subject"><a href="/Main/BigEater">' not in html


def test_new_editors_edit_of_a_characters_example_is_held_beside_the_works_own(
    client, new_editor, moderator, rouge_redstar, big_eater
):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, text="The work's own.")
    example = ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    client.force_login(new_editor)
    edit = client.get(f"/examples/{example.pk}/edit").content.decode()
    base = re.search(r'name="base_revision" value="(\d+)"', edit).group(1)
    response = client.post(
        f"/examples/{example.pk}/edit", {"text": "Rouge's own.", "base_revision": base}
    )
    assert response.status_code == 302
    moderation.approve(PendingChange.objects.get(), moderator)
    example.refresh_from_db()
    assert example.text == "Rouge's own."


def test_a_removed_characters_example_is_restored_with_its_character(
    client, editor, rouge_redstar, big_eater
):
    example = ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    client.force_login(editor)
    client.post(f"/examples/{example.pk}/delete", {"summary": ""})
    removed = Example.history.filter(id=example.pk).order_by("-history_id")[1]
    response = client.post(f"/examples/revisions/{removed.history_id}/restore")
    assert response.status_code == 302
    assert Example.objects.get().character == rouge_redstar


def test_saving_a_characters_example_stays_within_an_examples_budget(
    client, editor, rouge_redstar, big_eater, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(34):
        response = client.post(add_url(), {"subject": "Big Eater", "text": "Eats for two."})
    assert response.status_code == 302
    example = Example.objects.get()
    base = example.history.get().history_id
    with django_assert_max_num_queries(34):
        response = client.post(
            f"/examples/{example.pk}/edit", {"text": "Eats for three.", "base_revision": base}
        )
    assert response.status_code == 302


# Trope pages


def test_trope_page_names_the_character_an_example_is_about(client, rouge_redstar, big_eater):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    html = client.get("/Main/BigEater").content.decode()
    assert re.search(r"Metallic Rouge</a> \(Rouge Redstar\)", html)


def test_trope_page_hides_a_spoiler_name(client, cast, big_eater):
    character = CharacterFactory(work=cast.work, name="Jean Jaures", name_is_spoiler=True)
    ExampleFactory(trope=big_eater, work=cast.work, character=character)
    html = client.get("/Main/BigEater").content.decode()
    assert re.search(
        r'Metallic Rouge</a> \(<span class="spoiler"[^>]*>.*Jean Jaures</span>\)', html
    )


# Freshness


def test_renaming_a_character_gives_its_tropes_pages_new_stamps(client, editor, rouge_redstar):
    example = ExampleFactory(work=rouge_redstar.work, character=rouge_redstar)
    trope_page = example.trope.page
    before = stamp(trope_page)
    client.force_login(editor)
    client.post(
        f"{CAST}/characters/RougeRedstar/edit",
        form(name="Rouge", base_revision=rouge_redstar.history.first().history_id),
    )
    assert stamp(trope_page) != before
    assert "(Rouge)" in client.get(trope_page.get_absolute_url()).content.decode()


def test_a_characters_example_changed_shows_at_once(
    client, editor, rouge_redstar, big_eater, django_capture_on_commit_callbacks
):
    client.get(CAST)  # kept
    example = ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    assert "Big Eater" in client.get(CAST).content.decode()
    client.force_login(editor)
    edit = client.get(f"/examples/{example.pk}/edit").content.decode()
    base = re.search(r'name="base_revision" value="(\d+)"', edit).group(1)
    client.post(
        f"/examples/{example.pk}/edit",
        {"text": "A new text of the example.", "played": "straight", "base_revision": base},
    )
    client.logout()
    assert "A new text of the example." in client.get(CAST).content.decode()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/examples/{example.pk}/delete", {"summary": ""})
    client.logout()
    assert "Big Eater" not in client.get(CAST).content.decode()


def test_a_trope_renamed_shows_on_the_characters_page(client, editor, rouge_redstar, big_eater):
    ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    client.get(CAST)
    client.force_login(editor)
    response = client.post(
        "/Main/BigEater/move", {"namespace": "Main", "name": "HugeEater", "title": "Huge Eater"}
    )
    assert response.status_code == 302
    client.logout()
    assert "Huge Eater" in client.get(CAST).content.decode()


def test_a_characters_page_made_later_records_their_links(rouge, big_eater):
    character = CharacterFactory(work=rouge, name="Rouge Redstar")
    ExampleFactory(trope=big_eater, work=rouge, character=character)
    cast = characters_subpage(rouge)
    assert Link.objects.filter(from_page=cast.page, to_key="main/bigeater").exists()


def test_addresses_written_by_python_are_those_django_reverses(cast):
    page = cast.page
    assert character_rows.character_path(page, "RougeRedstar") + "/edit" == reverse(
        "tropes:edit_character", args=[page.namespace, page.name, "RougeRedstar"]
    )
    expected = reverse("tropes:add_example") + "?work=Anime/MetallicRouge&character=Rouge"
    assert character_rows.new_example_path("Anime/MetallicRouge", "Rouge") == expected


def test_moderators_find_characters_in_the_admin(client, moderator, rouge_redstar):
    client.force_login(moderator)
    listing = client.get("/admin/tropes/character/").content.decode()
    assert "Rouge Redstar" in listing
    response = client.get(f"/admin/tropes/character/{rouge_redstar.pk}/change/")
    assert response.status_code == 200


# History, changes, search


def test_characters_page_history_lists_its_characters_changes(client, editor, cast):
    client.force_login(editor)
    client.post(f"{CAST}/characters/new", form(summary="Naomi joins"))
    client.post(f"{CAST}/characters/new", form(name="Jean Jaures", name_is_spoiler="on"))
    history = client.get(f"{CAST}/history").content.decode()
    assert "character Naomi Orthmann of Metallic Rouge" in history
    assert "Naomi joins" in history
    assert "character (a spoiler) of Metallic Rouge" in history
    assert f'href="{CAST}#NaomiOrthmann"' in history
    assert "Jean Jaures" not in history
    assert "character Naomi Orthmann" in client.get("/changes").content.decode()


def test_search_finds_a_characters_page_by_its_characters(client, editor, cast):
    client.force_login(editor)
    client.post(f"{CAST}/characters/new", form(description="Keeps the Nectar [[spoiler:stolen]]."))
    client.post(f"{CAST}/characters/new", form(name="Jean Jaures", name_is_spoiler="on"))
    client.logout()
    assert CAST in client.get("/search", {"q": "Orthmann"}).content.decode()
    assert CAST in client.get("/search", {"q": "Nectar"}).content.decode()
    assert CAST not in client.get("/search", {"q": "Jaures"}).content.decode()
    assert CAST not in client.get("/search", {"q": "stolen"}).content.decode()


# Cost


@pytest.mark.parametrize("count", [5, 200])
def test_characters_page_costs_the_same_queries_whatever_its_size(
    client, cast, count, django_assert_max_num_queries
):
    tropes = [TropeFactory() for _ in range(3)]
    characters = [
        Character(work=cast.work, folder=f"Folder {n % 4}", name=f"Person {n}", order=n)
        for n in range(count)
    ]
    for character in characters:
        character.prepare()
    characters = Character.objects.bulk_create(characters)
    Example.objects.bulk_create(
        Example(trope=trope, work=cast.work, character=character, text="Text.", text_html="Text.")
        for character in characters
        for trope in tropes
    )
    with django_assert_max_num_queries(7):
        assert client.get(CAST).status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_signed_in_characters_page_costs_a_fixed_number_of_queries(
    client, reader, cast, count, django_assert_max_num_queries
):
    for n in range(count):
        character = Character(work=cast.work, folder="Folder", name=f"Person {n}", order=n)
        character.prepare()
        Character.objects.bulk_create([character])
    client.force_login(reader)
    with django_assert_max_num_queries(11):
        assert client.get(CAST).status_code == 200


def test_other_works_characters_are_not_listed(client, cast):
    other = WorkFactory()
    CharacterFactory(work=other, name="Someone Else")
    assert "Someone Else" not in client.get(CAST).content.decode()


def test_a_vote_on_a_characters_trope_shows_at_once_on_the_characters_page(
    rouge_redstar, big_eater, reader
):
    example = ExampleFactory(trope=big_eater, work=rouge_redstar.work, character=rouge_redstar)
    before = stamp(rouge_redstar.work.subpages.get().page)
    votes.cast_vote(reader, example, 4)
    assert stamp(rouge_redstar.work.subpages.get().page) != before
