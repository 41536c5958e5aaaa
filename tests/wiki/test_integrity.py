"""`manage.py check_integrity`: what it finds when what the wiki keeps beside its pages has been
damaged on purpose, what --repair puts right, and that a second run then finds nothing."""

from datetime import timedelta

import pytest
import redis
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test.utils import override_settings
from django.utils import timezone

from tests.factories import PageFactory
from tests.integrity_runs import check_integrity, found_and_repaired, summary_row
from tropewise.serving.stamps import cache_key
from wiki.freshness import ShownPage
from wiki.integrity.revisions import DELETION_RECORDED, RECREATED
from wiki.models import Link, Page, SearchEntry
from wiki.own_stamps import OwnStamp, member_key

pytestmark = pytest.mark.django_db

REDIS_DB_URL = "redis://127.0.0.1:6379/11"


def stamp(page):
    return Page.objects.values_list("shown_stamp", flat=True).get(pk=page.pk)


@pytest.fixture
def target():
    return PageFactory(name="Target", title="Target", body="A page about targets.")


@pytest.fixture
def linking(target):
    return PageFactory(name="Linking", title="Linking", body="See [[Main/Target]].")


def test_a_wiki_kept_in_step_has_no_problems(linking):
    status, output = check_integrity()
    assert status == 0
    assert "No problems found." in output
    for name in ("links", "search", "stamps", "revisions", "ratings", "example-links"):
        examined, problems, repaired = summary_row(output, name)
        assert (problems, repaired) == (0, 0)
    assert summary_row(output, "links")[0] == 2


def test_a_clean_demo_wiki_has_no_problems():
    call_command("load_demo", verbosity=0)
    status, output = check_integrity()
    assert status == 0, output
    assert "No problems found." in output


def test_a_lost_link_is_found_and_recorded_again(client, target, linking):
    Link.objects.filter(from_page=linking).delete()
    before = stamp(linking)
    assert "Linking" not in client.get("/Main/Target/links").content.decode()
    found = found_and_repaired("links")
    assert "Main/Linking: links to main/target missing" in found
    assert "Linking" in client.get("/Main/Target/links").content.decode()
    assert stamp(linking) != before  # its kept copies showed a red link


def test_a_link_the_text_does_not_make_is_found_and_removed(client, target, linking):
    Link.objects.create(from_page=target, origin="", to_key="main/linking")
    assert "Target" in client.get("/Main/Linking/links").content.decode()
    found = found_and_repaired("links")
    assert "Main/Target: links to main/linking not in its text" in found
    assert "Target" not in client.get("/Main/Linking/links").content.decode()
    assert set(Link.objects.values_list("from_page__name", "to_key")) == {
        ("Linking", "main/target")
    }


def test_a_missing_search_entry_is_found_and_made_again(client, target):
    SearchEntry.objects.filter(page=target).delete()
    assert "Target" not in client.get("/search", {"q": "targets"}).content.decode()
    found = found_and_repaired("search")
    assert "Main/Target: no entry" in found
    assert "/Main/Target" in client.get("/search", {"q": "targets"}).content.decode()


def test_an_outdated_search_entry_is_found_and_indexed_again(client, target):
    SearchEntry.objects.filter(page=target).update(body="something else entirely")
    found = found_and_repaired("search")
    assert "Main/Target: entry outdated (body" in found
    assert SearchEntry.objects.get(page=target).body == "A page about targets."


def test_a_redirect_keeping_a_search_entry_is_found_and_its_entry_removed(target):
    redirect = PageFactory(name="OldTarget", title="Old Target", redirect_to=target)
    SearchEntry.objects.create(page=redirect, title="Old Target", body="Stale text.")
    found = found_and_repaired("search")
    assert "Main/OldTarget: a redirect with an entry" in found
    assert not SearchEntry.objects.filter(page=redirect).exists()
    assert SearchEntry.objects.get(page=target).aliases == "Old Target"


def test_an_entry_listing_its_redirects_in_another_order_is_right(target):
    PageFactory(name="OldTarget", title="Old Target", redirect_to=target)
    PageFactory(name="FormerTarget", title="Former Target", redirect_to=target)
    entry = SearchEntry.objects.get(page=target)
    reordered = " ".join(reversed(entry.aliases.split()))
    SearchEntry.objects.filter(page=target).update(aliases=reordered)
    assert check_integrity("--check", "search")[0] == 0


def test_a_stamp_older_than_the_pages_last_revision_is_found_and_replaced(target):
    Page.objects.filter(pk=target.pk).update(shown_changed=timezone.now() - timedelta(hours=1))
    before = stamp(target)
    found = found_and_repaired("stamps")
    assert "Main/Target: stamped" in found
    assert stamp(target) != before
    assert Page.objects.get(pk=target.pk).shown_changed > timezone.now() - timedelta(minutes=1)


def test_a_stamp_changed_a_moment_before_its_revision_is_right(target):
    # Saving stamps the page, then writes its revision: a few milliseconds apart.
    Page.objects.filter(pk=target.pk).update(
        shown_changed=target.history.first().history_date - timedelta(seconds=2)
    )
    assert check_integrity("--check", "stamps")[0] == 0


def test_a_page_without_revisions_gets_a_first_one_saying_who_made_it(client, target):
    target.history.all().delete()
    found = found_and_repaired("revisions")
    assert f"page {target.pk}: no revision" in found
    record = target.history.get()
    assert (record.history_type, record.history_change_reason) == ("+", RECREATED)
    assert record.body == "A page about targets."
    assert RECREATED in client.get("/Main/Target/history").content.decode()


def test_a_first_revision_recorded_by_the_checker_leaves_the_pages_stamp_alone(target):
    target.history.all().delete()
    Page.objects.filter(pk=target.pk).update(shown_changed=timezone.now() - timedelta(hours=1))
    check_integrity("--check", "revisions", "--repair")
    # It records what the page already showed: no kept copy is stale for it.
    assert check_integrity("--check", "stamps")[0] == 0


def test_revisions_of_a_page_gone_unrecorded_get_its_deletion_appended(client, target):
    pk = target.pk
    target.delete()
    Page.history.filter(id=pk, history_type="-").delete()  # as if deleted behind history's back
    found = found_and_repaired("revisions")
    assert f"page {pk}: revisions of an object gone unrecorded" in found
    types = list(Page.history.filter(id=pk).order_by("history_id").values_list("history_type"))
    assert types == [("+",), ("-",)]  # kept, with the deletion added
    deletion = Page.history.filter(id=pk).latest("history_id")
    assert (deletion.title, deletion.history_change_reason) == ("Target", DELETION_RECORDED)
    assert DELETION_RECORDED in client.get("/changes").content.decode()


def test_revisions_of_a_page_deleted_with_its_deletion_recorded_are_right(target):
    target.delete()
    status, output = check_integrity("--check", "revisions")
    assert status == 0
    assert summary_row(output, "revisions")[1] == 0


def test_only_the_checks_asked_for_run():
    status, output = check_integrity("--check", "links", "--check", "stamps")
    assert status == 0
    names = [line.split()[0] for line in output.splitlines()[1:3]]
    assert names == ["links", "stamps"]
    assert "search" not in output


def test_an_unknown_check_is_refused_with_the_names_of_those_there_are():
    status, output = check_integrity("--check", "everything")
    assert status == 1
    assert "No check is called everything; the checks are links, search, stamps" in output


@pytest.mark.parametrize("size", ["0", "many", "1000000"])
def test_a_batch_size_out_of_bounds_is_refused(size):
    with pytest.raises(CommandError, match="--batch: a whole number from 1 to 20,000"):
        call_command("check_integrity", "--batch", size)


def test_small_batches_find_what_one_batch_does(target, linking):
    Link.objects.all().delete()
    SearchEntry.objects.all().delete()
    status, output = check_integrity("--batch", "1", "--repair")
    assert status == 0
    assert summary_row(output, "links") == (2, 1, 1)
    assert summary_row(output, "search") == (2, 2, 2)


# Stamps published in Redis.


def redis_missing():
    try:
        redis.Redis.from_url(REDIS_DB_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"Redis does not answer at {REDIS_DB_URL}: {error}"
    return None


@pytest.fixture
def shared_stamps():
    if reason := redis_missing():
        pytest.skip(reason)
    database = redis.Redis.from_url(REDIS_DB_URL)
    database.flushdb()
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "tropewise.serving.redis.RedisCache",
                "LOCATION": REDIS_DB_URL,
                "KEY_PREFIX": "tropewise",
            },
            "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        },
        PAGE_STAMPS_SHARED=True,
    ):
        yield
    database.flushdb()


def shown(page):
    return ShownPage._make(Page.objects.filter(pk=page.pk).values_list(*ShownPage._fields).get())


def test_published_stamps_are_skipped_where_stamps_are_not_shared():
    status, output = check_integrity("--check", "published-stamps")
    assert status == 0
    assert "published-stamps: skipped, stamps are not shared" in output


def test_a_published_stamp_the_database_disagrees_with_is_found_and_deleted(
    shared_stamps, target, linking
):
    right = shown(linking)
    cache.set(cache_key(target.key), shown(target)._replace(shown_stamp=1), 60)
    cache.set(cache_key(linking.key), right, 60)
    found = found_and_repaired("published-stamps")
    assert "main/target: published stamp is not the database's" in found
    assert cache.get(cache_key(target.key)) is None  # readers take the database's
    assert cache.get(cache_key(linking.key)) == right


def test_a_published_stamp_of_a_page_that_is_gone_is_found_and_deleted(shared_stamps, target):
    gone = shown(target)._replace(key="main/gone", name="Gone")
    cache.set(cache_key("main/gone"), gone, 60)
    found = found_and_repaired("published-stamps")
    assert "main/gone: published stamp is not the database's" in found
    assert cache.get(cache_key("main/gone")) is None


def test_a_members_published_own_stamp_the_database_disagrees_with_is_found_and_deleted(
    shared_stamps, target, reader, editor
):
    editor.refresh_from_db()
    cache.set(cache_key(member_key(reader.pk)), OwnStamp(member_key(reader.pk), 1), 60)
    right = OwnStamp(member_key(editor.pk), editor.own_stamp)
    cache.set(cache_key(member_key(editor.pk)), right, 60)
    found = found_and_repaired("published-stamps")
    assert f"~member/{reader.pk}: published stamp is not the database's" in found
    assert cache.get(cache_key(member_key(reader.pk))) is None
    assert cache.get(cache_key(member_key(editor.pk))) == right


def test_a_published_stamp_of_a_redirect_is_found_and_deleted(shared_stamps, target):
    redirect = PageFactory(name="OldTarget", title="Old Target", redirect_to=target)
    cache.set(cache_key(redirect.key), shown(target)._replace(key=redirect.key), 60)
    found_and_repaired("published-stamps")
    assert cache.get(cache_key(redirect.key)) is None


def test_a_shared_cache_that_does_not_answer_is_reported_not_taken_for_clean(target):
    unreachable = {
        "BACKEND": "tropewise.serving.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/11",  # nothing listens on port 1
    }
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(
        CACHES={"default": unreachable, "limits": local}, PAGE_STAMPS_SHARED=True
    ):
        status, output = check_integrity("--check", "published-stamps")
    assert status == 1
    assert "published-stamps: the shared cache does not answer" in output
    assert "Not every check finished: published-stamps." in output
