"""When the media storage is full or failing, an upload says so in the editor and leaves
nothing behind: no file, partial or whole, and nothing recorded."""

import errno
import io
import json
import logging
import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.helpers import database_rows

pytestmark = pytest.mark.django_db

URL = "/markdownx/upload/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
STORAGE_FAILED = (
    "The image could not be stored: the server's storage is full or failing. Try again later."
)


def disk_error(code):
    return OSError(code, os.strerror(code))


class FullDisk(FileSystemStorage):
    """No room left: the file is created, then the first write fails."""

    def _save(self, name, content):
        Path(self.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(self.path(name)).touch()
        raise disk_error(errno.ENOSPC)


class FillsUp(FileSystemStorage):
    """Room for half the file: half of it is written, then the disk is full."""

    def _save(self, name, content):
        data = content.read()
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data[: len(data) // 2])
        raise disk_error(errno.ENOSPC)


class ReadOnly(FileSystemStorage):
    def _save(self, name, content):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), self.path(name))


class BucketError(Exception):
    """What an object store's client raises (botocore's ClientError is no OSError)."""


class FailingBucket(FileSystemStorage):
    def _save(self, name, content):
        raise BucketError("An error occurred (SlowDown) when calling the PutObject operation")


class NoAddress(FileSystemStorage):
    """Stores the whole file, then cannot say where it is."""

    def url(self, name):
        raise BucketError("Could not sign the address")


class Unreachable(FullDisk):
    """Fails on writing and on looking, so nothing can be cleaned up either."""

    def exists(self, name):
        raise disk_error(errno.EIO)


def use_storage(settings, storage):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.{storage.__name__}"},
    }


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue())


def files_in(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def uploader(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("storage", [FullDisk, FillsUp, ReadOnly, FailingBucket, NoAddress])
def test_a_failing_storage_is_explained_and_leaves_no_file(uploader, settings, caplog, storage):
    use_storage(settings, storage)
    rows = database_rows()
    with caplog.at_level(logging.WARNING, logger="wiki.uploads"):
        response = uploader.post(URL, {"image": png()}, **XHR)
    assert response.status_code == 503
    assert json.loads(response.content) == {"image": [STORAGE_FAILED]}
    assert files_in(settings) == []
    assert database_rows() == rows
    assert "could not be stored" in caplog.text


def test_a_storage_that_cannot_even_clean_up_still_answers_clearly(uploader, settings, caplog):
    use_storage(settings, Unreachable)
    with caplog.at_level(logging.WARNING, logger="wiki.uploads"):
        response = uploader.post(URL, {"image": png()}, **XHR)
    assert response.status_code == 503
    assert json.loads(response.content) == {"image": [STORAGE_FAILED]}
    assert "could not be removed" in caplog.text


def test_once_the_storage_works_again_the_same_upload_is_stored(uploader, settings):
    use_storage(settings, FullDisk)
    assert uploader.post(URL, {"image": png()}, **XHR).status_code == 503
    use_storage(settings, FileSystemStorage)
    response = uploader.post(URL, {"image": png()}, **XHR)
    assert response.status_code == 200
    assert len(files_in(settings)) == 1


def test_a_large_upload_that_cannot_be_spooled_to_disk_is_explained(uploader, settings, caplog):
    # Bodies larger than FILE_UPLOAD_MAX_MEMORY_SIZE are written to a temporary file while
    # they are read: here that directory cannot be written to, as on a full disk.
    settings.FILE_UPLOAD_TEMP_DIR = str(Path(settings.MEDIA_ROOT).parent / "no-such-directory")
    large = SimpleUploadedFile("photo.png", b"\0" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1))
    with caplog.at_level(logging.WARNING, logger="wiki.uploads"):
        response = uploader.post(URL, {"image": large}, **XHR)
    assert response.status_code == 503
    assert json.loads(response.content) == {"image": [STORAGE_FAILED]}
    assert files_in(settings) == []
    assert "temporary file" in caplog.text
