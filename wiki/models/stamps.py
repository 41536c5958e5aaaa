"""Stamps not yet known to be published (see wiki.freshness and docs/design.md)."""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone


class UnpublishedQuerySet(models.QuerySet["UnpublishedStamp"]):
    def published(self, publications: Iterable[tuple[Iterable[str], Iterable[int | None]]]) -> int:
        """Strike out the changes of publications that reached the shared cache: those of
        each one's keys and stamps (one touch gives many pages one stamp; no other change
        has it)."""
        matching = models.Q()
        for keys, stamps in publications:
            stamps = set(stamps)
            of_stamps = models.Q(stamp__in=stamps - {None})
            if None in stamps:
                of_stamps |= models.Q(stamp=None)
            matching |= of_stamps & models.Q(key__in=set(keys))
        if not matching:
            return 0
        # One statement, its own transaction: delete() would wrap it in BEGIN and COMMIT,
        # two more round trips, to fire signals and cascades this model has none of.
        deleted: int = self.filter(matching)._raw_delete(self.db)
        return deleted


class UnpublishedStamp(models.Model):
    """A page's new stamp, or the end of a key no page answers at any more (stamp None),
    where stamps are shared beyond the database: written in the change's own transaction,
    struck out once the shared cache has it. While a key is listed here, no app server
    trusts the stamp the shared cache holds for it: a worker that died after the commit, or
    a Redis it could not reach, cannot leave readers an older page."""

    key = models.CharField(max_length=141, db_index=True)
    stamp = models.BigIntegerField(null=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = UnpublishedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.key} ({'gone' if self.stamp is None else self.stamp})"
