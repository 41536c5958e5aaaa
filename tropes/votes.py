"""Rating votes: one per user and example, with the example's aggregate kept in step."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Avg, Count

from accounts.models import ModeratorAction, User
from tropes.models import Example, ExampleVote
from tropes.subpages import family
from wiki import freshness, own_stamps


def cast_vote(user: User, example: Example | int, value: int) -> Example:
    """Record or change `user`'s vote on `example` (the example or its id) and refresh the
    example's average and count; return the example as it now stands, read for voting
    (Example.objects.for_voting()). Example.DoesNotExist if there is none.

    The example row is locked first, and read as it is locked, so concurrent votes on it
    are applied one after the other and the aggregate always matches the votes.
    """
    example_id = example.pk if isinstance(example, Example) else example
    with transaction.atomic():
        voted: Example = Example.objects.select_for_update().for_voting().get(pk=example_id)
        # The example's lock holds off any other vote on it, this user's included: no
        # savepoint is needed around the insert, as update_or_create would make.
        if not ExampleVote.objects.filter(user=user, example=voted).update(value=value):
            ExampleVote.objects.create(user=user, example=voted, value=value)
        _refresh_rating(voted)
        freshness.touch(family.showing_examples([voted]))
        own_stamps.touch_members([user.pk])
    return voted


def purge_votes(user: User, moderator: User) -> int:
    """Remove every vote `user` cast, and bring each example's rating back in step."""
    with transaction.atomic():
        example_ids = list(
            ExampleVote.objects.filter(user=user).values_list("example_id", flat=True)
        )
        # Locked in one order, so a purge and a vote never wait on each other in a cycle.
        examples = list(
            Example.objects.select_for_update()
            .filter(pk__in=example_ids)
            .order_by("pk")
            .only(*Example.SHOWN_ON)
        )
        ExampleVote.objects.filter(user=user).delete()
        for example in examples:
            _refresh_rating(example)
        freshness.touch(family.showing_examples(examples))
        own_stamps.touch_members([user.pk])
        ModeratorAction.record(
            moderator,
            ModeratorAction.Kind.PURGE_VOTES,
            user,
            reason=f"{len(example_ids)} vote(s) removed.",
        )
    return len(example_ids)


def ratings(example_ids: Iterable[int]) -> dict[int, tuple[int, float]]:
    """{example pk: (count, average)} of the votes on each example that has any; one without
    votes is rated (0, 0)."""
    rows = (
        ExampleVote.objects.filter(example__in=list(example_ids))
        .values("example")
        .annotate(count=Count("id"), average=Avg("value"))
        .values_list("example", "count", "average")
    )
    return {pk: (count, average) for pk, count, average in rows}


# The example's count and average of its votes, written and read back in one statement
# where the ORM takes two. Not a save() on purpose: an aggregate is not an edit and must not
# add a revision.
_REFRESH_RATING = """
UPDATE {example} SET (rating_count, rating_average) = (
    SELECT COUNT(*), COALESCE(AVG(value), 0.0) FROM {vote} WHERE example_id = %s
) WHERE id = %s RETURNING rating_count, rating_average
"""


def _refresh_rating(example: Example) -> None:
    sql = _REFRESH_RATING.format(example=Example._meta.db_table, vote=ExampleVote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [example.pk, example.pk])
        example.rating_count, example.rating_average = cursor.fetchone()
