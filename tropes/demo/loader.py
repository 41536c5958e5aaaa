"""The demo wiki: tropes, works, examples, accounts and votes from the TOML files here.

Loading is idempotent: what already exists is left as it is (it may have been
edited since), and only what is missing is created.
"""

import colorsys
import hashlib
import io
import random
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from accounts import roles
from accounts.roles import Role
from tropes import votes
from tropes.demo import discussions, launch, parts, repair, review
from tropes.models import Example, Trope, Work
from wiki import kinds
from wiki.models import MAIN, Page, page_key
from wiki.revisions import credit

HERE = Path(__file__).resolve().parent

DEMO_ACCOUNTS = [
    # handle, password, what they can do
    ("reader", "reader-demo-pass", "reads and votes; edits wait for review"),
    ("editor", "editor-demo-pass", "a trusted editor: edits pages and examples"),
    ("moderator", "moderator-demo-pass", "moderates in /admin/"),
]
DEMO_ROLES = {"editor": Role.TRUSTED, "moderator": Role.MODERATOR}
# Demo members have been around for a while: old enough to vote and to be trusted.
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)
# Quiet accounts that only vote, so ratings look like a real crowd's.
VOTER_HANDLES = [f"fan{n}" for n in range(1, 10)]
EDIT_SUMMARY = "Demo content"


def load_content():
    with open(HERE / "tropes.toml", "rb") as tropes, open(HERE / "works.toml", "rb") as works:
        return tomllib.load(tropes)["trope"], tomllib.load(works)["work"]


@transaction.atomic
def load(stdout=None):
    """Create whatever part of the demo wiki is missing; return what was created."""
    trope_data, work_data = load_content()
    accounts = _accounts()
    author = accounts["editor"]
    existing = set(Page.objects.values_list("key", flat=True))
    created = {"tropes": 0, "works": 0, "examples": 0, "votes": 0}

    for item in trope_data:
        if page_key(MAIN, item["name"]) in existing:
            continue
        page = credit(page_of(item, MAIN, Trope.KIND), author, EDIT_SUMMARY)
        page.save()
        credit(Trope(page=page, laconic=item.get("laconic", "")), author, EDIT_SUMMARY).save()
        created["tropes"] += 1

    tropes = {t.page.name: t for t in Trope.objects.select_related("page")}
    for item in work_data:
        if page_key(item["namespace"], item["name"]) in existing:
            continue
        page = page_of(item, item["namespace"], Work.KIND)
        page.image.save(f"{item['name']}.png", ContentFile(_poster(item["title"])), save=False)
        credit(page, author, EDIT_SUMMARY).save()
        work = credit(Work(page=page, year=item.get("year")), author, EDIT_SUMMARY)
        work.save()
        for example in item.get("example", []):
            example = Example(trope=tropes[example["trope"]], work=work, text=example["text"])
            credit(example, author, EDIT_SUMMARY).save()
            created["examples"] += 1
        created["works"] += 1

    with open(HERE / "indexes.toml", "rb") as indexes:
        for item in tomllib.load(indexes)["index"]:
            if page_key(MAIN, item["name"]) in existing:
                continue
            links = "\n".join(f"* [[{name}]]" for name in item["tropes"])
            item = {**item, "description": f"{item['description']}\n\n{links}"}
            credit(page_of(item, MAIN, kinds.INDEX), author, EDIT_SUMMARY).save()

    if created["examples"]:
        created["votes"] = _votes(accounts)
    created.update(parts.load(accounts, author, EDIT_SUMMARY, page_of, _poster))
    created.update(discussions.load(accounts))
    created.update(repair.load(accounts))
    created.update(launch.load(accounts))
    created.update(review.load(accounts))  # last: it proposes changes to what is made above
    return created


def _accounts():
    User = get_user_model()
    accounts = {}
    for handle, password, _ in DEMO_ACCOUNTS:
        user, made = User.objects.get_or_create(
            username=handle, defaults={"email": f"{handle}@example.org"}
        )
        if made:
            user.set_password(password)
            user.date_joined = LONG_AGO
            user.save()
            if handle in DEMO_ROLES:
                user.groups.add(roles.group(DEMO_ROLES[handle]))
        accounts[handle] = user
    for handle in VOTER_HANDLES:
        user, made = User.objects.get_or_create(username=handle)
        if made:
            user.set_unusable_password()
            user.date_joined = LONG_AGO
            user.save()
        accounts[handle] = user
    return accounts


def page_of(item, namespace, kind):
    """The unsaved page a demo item (a trope, a work, an index) describes."""
    return Page(
        namespace=namespace,
        name=item["name"],
        title=item["title"],
        kind=kind,
        body=item.get("description", "").strip(),
        quote=item.get("quote", ""),
        quote_attribution=item.get("quote_attribution", ""),
        image_caption=item.get("image_caption", ""),
        image_alt=item.get("image_alt", ""),
    )


def _votes(accounts):
    """Give about half the examples a few votes; the same ones on every load."""
    rng = random.Random(2128)
    voters = list(accounts.values())
    cast = 0
    for example in Example.objects.select_related("trope__page").order_by("pk"):
        if example.votes.exists():
            continue
        if example.trope.page.name == "MyFistForgivesYou":
            scores = [5] * 5
        elif rng.random() < 0.5:
            centre = rng.choice([3, 4, 4, 5])
            count = rng.randint(1, 8)
            scores = [min(5, max(1, centre + rng.choice([-1, 0, 0, 1]))) for _ in range(count)]
        else:
            continue
        for voter, score in zip(rng.sample(voters, len(scores)), scores, strict=True):
            votes.cast_vote(voter, example, score)
            cast += 1
    return cast


def _poster(title):
    """A simple generated poster: a colour gradient with the title, as PNG bytes."""
    digest = hashlib.sha256(title.encode()).digest()
    hue = digest[0] / 255
    top = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.35, 0.55))
    bottom = tuple(round(c * 255) for c in colorsys.hls_to_rgb((hue + 0.12) % 1, 0.15, 0.5))
    width, height = 360, 480
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for ring in range(6):
        radius = 40 + ring * 28 + digest[ring + 1] % 20
        draw.ellipse(
            [width // 2 - radius, 170 - radius, width // 2 + radius, 170 + radius],
            outline=(255, 255, 255, 90),
            width=2,
        )
    font = ImageFont.load_default(size=30)
    lines, line = [], ""
    for word in title.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 40 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = height - 40 - 38 * len(lines)
    for text in lines:
        draw.text((20, y), text, font=font, fill=(255, 255, 255))
        y += 38
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
