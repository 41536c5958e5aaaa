"""What the repair shop shows elsewhere: a trope's wick checks atop its discussion page, and
the open repair cases on the moderators' desk."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts import roles
from tropes.models import RepairCase, Trope, WickCheck
from wiki.discussions import register_box
from wiki.models import Page
from wiki.moderation import desk

REPORTS_SHOWN = 3


def wick_checks_box(request: HttpRequest, page: Page) -> str:
    """The trope's latest wick-check reports, and its cases under way: two queries, on a
    trope's discussion page only."""
    if page.kind != Trope.KIND:
        return ""
    reports = list(
        WickCheck.objects.filter(page=page).exclude(saved=None).order_by("-saved")[:REPORTS_SHOWN]
    )
    open_cases = list(RepairCase.objects.holding_slots().filter(page=page).order_by("created"))
    if not reports and not open_cases:
        return ""
    context = {"page": page, "reports": reports, "open_cases": open_cases}
    return render_to_string("tropes/repair/_discussion_box.html", context, request=request)


def register() -> None:
    register_box("wick_checks", wick_checks_box)
    desk.register(
        desk.Queue(
            name="repair_cases",
            label="Open repair cases",
            # Waiting for the moderators' decision; decided ones await the editors' work.
            waiting=lambda: RepairCase.objects.in_state(RepairCase.State.OPEN),
            since="created",
            link="tropes:repair",
            permission=roles.REPAIR,
            query="?state=open",
        )
    )
