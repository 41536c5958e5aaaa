"""The demo's launch pad (launch.toml): a draft in each state, one of them (the reader's)
launchable by its sponsor now.

Made through the launch pad's own services, then moved back in time as the file says (posted
days ago, announced hours ago, idle for months): the demo's clock, not a member's act. Only
what is missing is made: a draft whose page exists is left as it is.
"""

import tomllib
from datetime import timedelta
from itertools import cycle
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tropes.launch import drafts, launching
from tropes.models import LAUNCH_NAMESPACE, LaunchDraft
from wiki import markup
from wiki.models import Page, page_key

HERE = Path(__file__).resolve().parent
FANS = [f"fan{n}" for n in range(1, 10)]


def load(accounts):
    """Make what is missing; {what: how many were made}."""
    with open(HERE / "launch.toml", "rb") as file:
        items = tomllib.load(file)["draft"]
    made = 0
    for item in items:
        if Page.objects.filter(key=page_key(LAUNCH_NAMESPACE, item["name"])).exists():
            continue
        with transaction.atomic():  # a draft whole, or not at all
            _draft(item, accounts)
        made += 1
    return {"launch-pad drafts": made}


def _moved(draft, **ago):
    """Set the draft's times to so long ago; the demo's clock, so no revision."""
    now = timezone.now()
    LaunchDraft.objects.filter(pk=draft.pk).update(**{k: now - v for k, v in ago.items()})
    draft.refresh_from_db()
    return draft


def _draft(item, accounts):
    sponsor = accounts[item["sponsor"]]
    draft = drafts.post_draft(
        sponsor, item["name"], item["title"], item["laconic"], item["description"].strip()
    )
    days = timedelta(days=item["days"])
    draft = _moved(draft, posted=days, active=days)
    for full_name, text in item["examples"]:
        medium, name = full_name.split("/")
        work = Page.objects.filter(key=page_key(medium, name)).values_list("title", flat=True)
        title = work.first() or markup.split_wikiword(name)
        drafts.propose_example(draft, sponsor, medium, name, title, text)
    voters = cycle(handle for handle in FANS if handle != item["sponsor"])
    for value, count in ((1, item.get("hats", 0)), (-1, item.get("bombs", 0))):
        for _ in range(count):
            draft = drafts.cast_vote(draft, accounts[next(voters)], value)
    state = item["state"]
    if state in ("announced", "launched"):
        drafts.announce(draft, sponsor)
        draft = _moved(draft, announced=timedelta(hours=item.get("announced", 25)))
    if state == "launched":
        launching.launch(draft, sponsor)
    if state == "stale":
        _moved(draft, active=days)
        drafts.mark_stale()
