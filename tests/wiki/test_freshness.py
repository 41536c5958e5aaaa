"""A page's stamp changes whenever what readers see on it changes, whichever way the change
is made: an edit, a move, the admin, a deletion, a page appearing."""

import pytest
from django.core.cache import cache

from tests.factories import PageFactory
from tests.helpers import admin_page_form
from tropewise.serving import stamps
from wiki import editing, freshness, moving
from wiki.models import Page, UnpublishedStamp

pytestmark = pytest.mark.django_db


def stamp(page):
    return Page.objects.values_list("shown_stamp", flat=True).get(pk=page.pk)


@pytest.fixture
def target():
    return PageFactory(name="Target", title="Target", body="A page.")


@pytest.fixture
def linking(target):
    return PageFactory(name="Linking", title="Linking", body="See [[Main/Target]].")


def edit(page, user, **values):
    return editing.edit_page(page, values, editing.latest_revision(page).history_id, user)


def test_retitling_a_page_restamps_the_pages_linking_to_it(target, linking, editor):
    before = stamp(linking)
    edit(target, editor, title="The Target")
    assert stamp(linking) != before


def test_editing_only_a_body_leaves_the_pages_linking_to_it_alone(target, linking, editor):
    before = stamp(linking)
    edit(target, editor, body="Another text.")
    assert stamp(linking) == before


def test_an_edit_restamps_the_page_itself(target, editor):
    before = stamp(target)
    edit(target, editor, body="Another text.")
    assert stamp(target) != before


def test_a_new_link_restamps_the_page_linked_to_for_its_backlinks(target, linking, editor):
    other = PageFactory(name="Other", title="Other")
    before, target_before = stamp(other), stamp(target)
    edit(linking, editor, body="See [[Main/Other]].")
    assert stamp(other) != before  # gained a backlink
    assert stamp(target) != target_before  # lost one


def test_moving_a_page_restamps_the_pages_linking_to_its_old_name(target, linking, editor):
    before = stamp(linking)
    moving.move_page(target, "Main", "Moved", editor)
    assert stamp(linking) != before


def test_a_new_page_restamps_the_pages_with_a_red_link_to_it(db):
    linking = PageFactory(name="Linking", body="See [[Main/NotYet]].")
    before = stamp(linking)
    PageFactory(name="NotYet")
    assert stamp(linking) != before


def test_deleting_a_page_restamps_the_pages_linking_to_it(target, linking):
    before = stamp(linking)
    target.delete()
    assert stamp(linking) != before


def test_a_change_in_the_admin_restamps_the_pages_linking_to_the_page(
    client, admin_user, target, linking
):
    before = stamp(linking)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/wiki/page/{target.pk}/change/",
        admin_page_form(target, title="Retitled in the admin"),
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=target.pk).title == "Retitled in the admin"
    assert stamp(linking) != before


def test_touched_pages_are_listed_then_published_with_their_new_stamp(
    target, linking, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_STAMPS_SHARED = True  # the tests' cache stands for Redis
    alias = PageFactory(name="OldTarget", redirect_to=target)
    UnpublishedStamp.objects.all().delete()
    with django_capture_on_commit_callbacks() as commit:
        freshness.touch([target.pk, linking.pk, alias.pk])
    listed = set(UnpublishedStamp.objects.values_list("key", "stamp"))
    assert listed == {(target.key, stamp(target)), (linking.key, stamp(linking))}
    assert stamp(alias) == stamp(target)  # restamped, but no page answers at its key
    for callback in commit:  # the commit
        callback()
    published = cache.get_many([stamps.cache_key(page.key) for page in (target, linking, alias)])
    shown = published[stamps.cache_key(target.key)]
    assert (shown.namespace, shown.name, shown.shown_stamp) == ("Main", "Target", stamp(target))
    assert shown.shown_changed == Page.objects.get(pk=target.pk).shown_changed
    assert stamps.cache_key(alias.key) not in published
    assert not UnpublishedStamp.objects.exists()  # struck out at once, outside a request
