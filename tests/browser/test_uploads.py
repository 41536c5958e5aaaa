"""Dropping an image into the editor: a picture goes in, anything else is explained, and so
is a storage that cannot keep it."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db(transaction=True)

# One transparent pixel.
PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
    "mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

DROP = """([name, type, content, isBase64]) => {
    const bytes = isBase64 ? Uint8Array.from(atob(content), c => c.charCodeAt(0)) : content;
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type}));
    const editor = document.querySelector(".markdownx textarea");
    editor.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
}"""


@pytest.fixture
def trope(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater", page__body="Text.")


def test_a_dropped_picture_is_inserted_as_markdown(page, trope, editor, sign_in):
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.evaluate(DROP, ["dot.png", "image/png", PNG_BASE64, True])
    body = page.get_by_label("Body")
    page.wait_for_function(
        "() => document.querySelector('.markdownx textarea').value.includes('/media/uploads/')"
    )
    assert body.input_value().startswith("![](/media/uploads/")


def test_a_dropped_svg_is_refused_with_a_reason_and_the_text_untouched(
    page, trope, editor, sign_in
):
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    page.evaluate(DROP, ["evil.svg", "image/svg+xml", svg, False])
    error = page.get_by_role("alert")
    error.wait_for()
    assert "Only PNG, JPEG, GIF and WebP images can be uploaded." in error.inner_text()
    page.wait_for_timeout(100)
    assert page.get_by_label("Body").input_value() == "Text."


class FullDisk(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_storage_is_explained_beside_the_editor_and_the_text_untouched(
    page, trope, editor, sign_in, settings
):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    sign_in(editor)
    page.goto("/Main/BigEater/edit")
    page.evaluate(DROP, ["dot.png", "image/png", PNG_BASE64, True])
    error = page.get_by_role("alert")
    error.wait_for()
    assert "the server's storage is full or failing. Try again later." in error.inner_text()
    page.wait_for_timeout(100)
    assert page.get_by_label("Body").input_value() == "Text."
