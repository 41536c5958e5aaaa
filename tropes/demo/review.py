"""Work the demo leaves on the moderators' desk (review.toml): an edit, a new example and a new
page proposed by the `reader` account, and two readers' reports.

Made through the functions the site's forms use: the reader is a new editor, so each change is
held as theirs would be. Only what is missing is made: a proposal or a report made once, then
approved, rejected or closed by a moderator, is not made again.
"""

import tomllib
from pathlib import Path

from tropes import held_examples
from tropes.models import Example, Trope, Work
from wiki import editing
from wiki.models import Page, PendingChange, ReportCase, page_key
from wiki.moderation import page_changes, reports

HERE = Path(__file__).resolve().parent


def load(accounts):
    """Make what is missing; {what: how many were made}."""
    with open(HERE / "review.toml", "rb") as file:
        work = tomllib.load(file)
    reader = accounts["reader"]
    held = _edit(work["edit"], reader) + _example(work["example"], reader)
    held += _new_page(work["new_page"], reader)
    made = sum(_report(item, accounts) for item in work["report"])
    return {"changes held for review": held, "reports": made}


def _page(full_name):
    namespace, name = full_name.split("/")
    return Page.objects.filter(key=page_key(namespace, name)).first()


def _proposed(reader, description):
    return PendingChange.objects.filter(author=reader, description=description).exists()


def _edit(item, reader):
    page = _page(item["page"])
    if page is None or _proposed(reader, f"Edit of {page.title}"):
        return 0
    values = {field: getattr(page, field) for field in editing.PAGE_FIELDS}
    values["body"] = f"{page.body.rstrip()}\n\n{item['paragraph']}\n"
    base = editing.latest_revision_id(page)
    page_changes.hold_edit(page, values, base, reader, item["summary"])
    return 1


def _example(item, reader):
    trope = Trope.objects.filter(page__key=page_key("Main", item["trope"])).first()
    work_page = _page(item["work"])
    work = Work.objects.filter(page=work_page).first() if work_page else None
    if trope is None or work is None:
        return 0
    if Example.objects.filter(trope=trope, work=work).exists():
        return 0
    if _proposed(reader, f"{held_examples.DESCRIPTIONS['add']} {trope} in {work}"):
        return 0
    held_examples.hold_add(trope, work, item["text"], reader, item["summary"])
    return 1


def _new_page(item, reader):
    namespace, name, title = item["namespace"], item["name"], item["title"]
    if _page(f"{namespace}/{name}") or _proposed(reader, f"New page {namespace}/{name} ({title})"):
        return 0
    page_changes.hold_new_page(namespace, name, title, Work.KIND, reader)
    return 1


def _report(item, accounts):
    """File the report unless its subject was ever reported: once closed, it stays closed."""
    if "page" in item:
        page = _page(item["page"])
        if page is None:
            return 0
        subject, label, url = f"page:{page.pk}", f"Page {page.full_name}", page.get_absolute_url()
    else:
        trope, work = item["example"]
        example = (
            Example.objects.select_related("trope__page", "work__page")
            .filter(trope__page__key=page_key("Main", trope), work__page=_page(work))
            .first()
        )
        if example is None:
            return 0
        subject, label = f"example:{example.pk}", f"Example {example}"
        url = example.get_absolute_url()
    if ReportCase.objects.filter(subject=subject).exists():
        return 0
    reporter = accounts[item["reporter"]]
    reports.file_report(subject, label, url, reporter, item["reason"], item["details"])
    return 1
