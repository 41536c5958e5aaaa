"""Files are refused before anything parses them unless their sender may upload, and any body
over the cap is refused by its length alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser

pytestmark = pytest.mark.django_db

A_FEW_MEGABYTES = 3 * 1024 * 1024


@pytest.fixture
def parsed(monkeypatch):
    """Every multipart body parsed."""
    bodies = []
    original = MultiPartParser.parse
    monkeypatch.setattr(
        MultiPartParser, "parse", lambda parser: bodies.append(1) or original(parser)
    )
    return bodies


def big_file():
    return SimpleUploadedFile("big.png", b"\x89PNG" + b"x" * A_FEW_MEGABYTES)


def test_an_anonymous_upload_to_the_sign_in_page_is_refused_unparsed(client, parsed):
    response = client.post("/accounts/login", {"username": "ada", "file": big_file()})
    assert response.status_code == 403
    assert "This address takes no files" in response.content.decode()
    assert not parsed


def test_a_member_who_may_not_upload_is_refused_unparsed(client, banned_user, parsed):
    client.force_login(banned_user)
    response = client.post("/markdownx/upload/", {"image": big_file()})
    assert response.status_code == 403
    assert response.json()["image"][0]  # the editor shows why
    assert not parsed


def test_a_body_over_the_cap_is_refused_by_its_length(client, editor, settings, parsed):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(editor)
    response = client.post("/markdownx/upload/", {"image": big_file()})
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not parsed


def test_an_editor_who_may_upload_still_sends_images(client, editor, parsed):
    client.force_login(editor)
    response = client.post("/markdownx/upload/", {"image": big_file()})
    assert response.status_code == 400  # read, and found not to be an image
    assert parsed


def test_ordinary_forms_sent_as_multipart_still_work(client, parsed):
    response = client.post("/accounts/login", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200  # the form, with its error
    assert parsed
