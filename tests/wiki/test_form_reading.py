"""The benchmark and the scale-out tests post forms as a browser would, read from the page."""

import pytest

from bench import forms
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db


def test_an_edit_form_read_from_the_page_saves_as_served(client, editor):
    work = WorkFactory(page__name="MetallicRouge", page__body="An android story.", year=None)
    client.force_login(editor)
    path = work.page.get_absolute_url() + "/edit"
    form = forms.posting_to(client.get(path).content.decode(), "http://testserver" + path, path)
    assert form.fields["body"] == "An android story." and form.fields["year"] == ""
    form.fields["body"] = "A detective story."
    assert client.post(path, form.fields)["Location"] == work.page.get_absolute_url()
    work.page.refresh_from_db()
    assert work.page.body == "A detective story."


def test_no_form_posting_there_is_none():
    assert forms.posting_to("<form action='/a'></form>", "http://testserver/", "/b") is None
