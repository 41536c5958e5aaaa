"""Revisions against what they are revisions of, for every model with a history.

Everything with a history gets its first revision ("+") when it is made. An object without
any is repaired by recording one now, of what it holds now, with a summary saying so.

A revision whose object is gone is the history of something deleted, and kept as such: when
the object's last revision is a deletion ("-"), all is as it should be (a removed example
can be restored from it). Without one the object vanished unrecorded, by a write that skipped
history; the repair keeps its revisions, which are what its authors wrote and histories are
append-only, and appends the deletion record it lacks, copied from its last revision, so
recent changes say it was deleted and what it held.
"""

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import get_app_model_primary_key_name, get_history_manager_for_model

from wiki.integrity.checking import Batch, Check, Problem, in_batches

RECREATED = "First revision recorded by the integrity checker: it had none."
DELETION_RECORDED = "Deletion recorded by the integrity checker: it had gone unrecorded."
# What the checker's own revisions say: they record what was already there, changing
# nothing readers see.
SUMMARIES = (RECREATED, DELETION_RECORDED)
UNREVISED, UNDELETED = "unrevised", "undeleted"


class Revisions(Check):
    name = "revisions"
    description = (
        "objects with a history but no first revision, and revisions of objects that are "
        "gone with no deletion recorded"
    )

    def scan(self, size: int) -> Iterator[Batch]:
        for model in tracked_models():
            yield from _unrevised(model, size)
            yield from _undeleted(model, size)

    def repair(self, problems: list[Problem]) -> None:
        by_model: dict[tuple[type[Model], str], list[Any]] = {}
        for problem in problems:
            model, kind, pk = problem.subject
            by_model.setdefault((model, kind), []).append(pk)
        for (model, kind), pks in by_model.items():
            if kind == UNREVISED:
                _record_first_revisions(model, pks)
            else:
                _record_deletions(model, pks)


def tracked_models() -> list[type[Model]]:
    """The models with a history (simple-history), in the order apps list them."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def _unrevised(model: type[Model], size: int) -> Iterator[Batch]:
    history, key = get_history_manager_for_model(model), get_app_model_primary_key_name(model)
    for chunk in in_batches(model._default_manager.values("pk"), size):
        pks = [row["pk"] for row in chunk]
        revised = set(history.filter(**{f"{key}__in": pks}).order_by().values_list(key, flat=True))
        yield Batch(
            len(chunk),
            [
                Problem(f"{_label(model)} {pk}: no revision", (model, UNREVISED, pk))
                for pk in pks
                if pk not in revised
            ],
        )


def _undeleted(model: type[Model], size: int) -> Iterator[Batch]:
    history, key = get_history_manager_for_model(model), get_app_model_primary_key_name(model)
    seen: set[Any] = set()  # gone objects already told, each has many revisions
    for chunk in in_batches(history.values("history_id", key), size, key="history_id"):
        pks = {row[key] for row in chunk} - seen
        gone = pks - set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        seen |= gone
        deleted = set(
            history.filter(**{f"{key}__in": gone}, history_type="-")
            .order_by()
            .values_list(key, flat=True)
        )
        yield Batch(
            len(chunk),
            [
                Problem(
                    f"{_label(model)} {pk}: revisions of an object gone unrecorded",
                    (model, UNDELETED, pk),
                )
                for pk in sorted(gone - deleted)
            ],
        )


def _record_first_revisions(model: type[Model], pks: list[Any]) -> None:
    history, key = get_history_manager_for_model(model), get_app_model_primary_key_name(model)
    # Locked, and read again: an object deleted or saved meanwhile has its revision already.
    objects = (
        model._default_manager.select_for_update()
        .filter(pk__in=pks)
        .exclude(pk__in=history.filter(**{f"{key}__in": pks}).values(key))
    )
    history.bulk_history_create(list(objects.order_by("pk")), default_change_reason=RECREATED)


def _record_deletions(model: type[Model], pks: list[Any]) -> None:
    history, key = get_history_manager_for_model(model), get_app_model_primary_key_name(model)
    for pk in pks:
        # The object's revisions locked, so two repairs running at once add one record.
        records = list(
            history.select_for_update().filter(**{key: pk}).order_by("history_date", "history_id")
        )
        if (
            not records
            or any(record.history_type == "-" for record in records)
            or model._default_manager.filter(pk=pk).exists()
        ):
            continue
        deletion = records[-1]
        deletion.pk = None
        deletion._state.adding = True
        deletion.history_type = "-"
        deletion.history_date = timezone.now()
        deletion.history_user = None
        deletion.history_change_reason = DELETION_RECORDED
        deletion.save()


def _label(model: type[Model]) -> str:
    return str(model._meta.verbose_name)
