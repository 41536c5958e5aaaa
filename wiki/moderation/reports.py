"""Readers' reports, grouped by what they are about, and how moderators close them."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import ModeratorAction, User
from wiki.models import Report, ReportCase


def file_report(
    subject: str, label: str, url: str, reporter: User, reason: str, details: str = ""
) -> Report:
    """Add a report to the open case about `subject`, opening one if there is none."""
    for _ in range(2):  # a second try if another report opened the case at the same moment
        try:
            with transaction.atomic():
                case, _ = ReportCase.objects.get_or_create(
                    subject=subject,
                    status=ReportCase.Status.OPEN,
                    defaults={"label": label[:300], "url": url[:300]},
                )
                return Report.objects.create(
                    case=case, reporter=reporter, reason=reason, details=details
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not open a report case.")


def close(case: ReportCase, moderator: User, status: str, note: str = "") -> bool:
    """Close `case` and log it, both or neither; False if it was closed already."""
    with transaction.atomic():
        # Locked: two moderators closing it at once close and log it once.
        case = ReportCase.objects.select_for_update().get(pk=case.pk)
        if case.status != ReportCase.Status.OPEN:
            return False
        case.status, case.resolver, case.note = status, moderator, note
        case.closed = timezone.now()
        case.save()
        kind = (
            ModeratorAction.Kind.RESOLVE_REPORT
            if status == ReportCase.Status.RESOLVED
            else ModeratorAction.Kind.DISMISS_REPORT
        )
        ModeratorAction.record(moderator, kind, case.label, reason=note, url=case.url)
    return True
