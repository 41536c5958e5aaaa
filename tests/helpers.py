"""What test modules share besides the people in conftest: a page body, what the edit form
posts, an edit made without a request, a role given, many examples at once, and a count of
the work a call does, a request through the WSGI application production serves, and every row
of the database."""

import io
import json
import sys
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from accounts import roles
from wiki import editing

BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"


def form_data(page, **changes):
    """What the edit form posts when opened now, with `changes` typed in."""
    latest = editing.latest_revision(page)
    data = {
        "title": page.title,
        "body": page.body,
        "quote": page.quote,
        "quote_attribution": page.quote_attribution,
        "image_caption": page.image_caption,
        "image_alt": page.image_alt,
        "summary": "",
        "base_revision": latest.history_id,
    }
    related = getattr(page, "trope", None)
    if related is not None:
        data.update({"laconic": related.laconic, "initial-laconic": related.laconic})
    data.update(changes)
    return data


def admin_page_form(page, **changes):
    """What the admin's change form for `page` posts, with `changes`."""
    return {
        "namespace": page.namespace,
        "name": page.name,
        "title": page.title,
        "kind": page.kind,
        "body": page.body,
        "image_caption": "",
        "image_alt": "",
        "quote": "",
        "quote_attribution": "",
        "redirect_to": "",
        "protection": "open",
        "protection_reason": "",
        "protection_expires_0": "",
        "protection_expires_1": "",
        **changes,
    }


def edit(page, user, summary="", **values):
    """`user` saves the page's latest revision with `values` changed, as a live edit."""
    latest = editing.latest_revision(page)
    return editing.edit_page(
        page, {**editing.revision_values(latest), **values}, latest.history_id, user, summary
    )


def with_role(user, role):
    user.groups.add(roles.group(role))
    user.refresh_from_db()
    return user


def import_examples(pairs, text="An example, with some context."):
    """An example for each (trope, work) pair of ids ("BigEater", "Anime/MetallicRouge"),
    with the pages they name, through the importer: its bulk path makes hundreds of examples
    in a fraction of the time factories take, revisions, links and search entries included."""
    tropes, works = dict.fromkeys(t for t, _ in pairs), dict.fromkeys(w for _, w in pairs)
    files = {
        "tropes.jsonl": [{"id": t, "name": t, "description": "A device."} for t in tropes],
        "works.jsonl": [
            {"id": w, "name": w.split("/")[1], "media": w.split("/")[0]} for w in works
        ],
        "examples.jsonl": [{"trope": t, "work": w, "text": text} for t, w in pairs],
    }
    with tempfile.TemporaryDirectory() as directory:
        for name, rows in files.items():
            Path(directory, name).write_text("".join(json.dumps(row) + "\n" for row in rows))
        call_command("import_tropes", directory, stdout=io.StringIO(), stderr=io.StringIO())


def python_calls(function, *args):
    """How many Python and C functions a call makes: a measure of its work that, unlike a
    timing, does not depend on the machine or on what else runs beside the tests."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


def wsgi_get(path, **extra):
    """GET through the WSGI application production serves, replay layer included."""
    from tropewise.wsgi import application

    answer = {}
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        # As a balancer would send: the answer carries this id, so that two answers to this
        # helper can be compared whole.
        "HTTP_X_REQUEST_ID": "wsgi-get",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **extra,
    }
    body = b"".join(
        application(
            environ,
            lambda status, headers, exc_info=None: answer.update(
                status=status, headers=dict(headers)
            ),
        )
    )
    return answer["status"], answer["headers"], body


def database_rows():
    """Every row the site's own apps hold, revisions and group memberships included, as plain
    values: the same before and after a failed change means it left nothing behind."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for label in ("accounts", "wiki", "tropes")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
