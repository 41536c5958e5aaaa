"""Images uploaded from the editor: only real images, re-encoded, under names nobody picks."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin

pytestmark = pytest.mark.django_db

URL = "/markdownx/upload/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def image_file(fmt, name=None, size=(40, 30), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt, **save_options)
    return SimpleUploadedFile(name or f"photo.{fmt.lower()}", buffer.getvalue())


def upload(client, file):
    return client.post(URL, {"image": file}, **XHR)


def stored_path(response, settings):
    code = json.loads(response.content)["image_code"]
    assert code.startswith("![](/media/uploads/") and code.endswith(")")
    return settings.MEDIA_ROOT / code[len("![](/media/") : -1]


def error_of(response):
    return json.loads(response.content)["image"][0]


@pytest.mark.parametrize(
    "fmt, extension",
    [
        ("PNG", "png"),
        ("JPEG", "jpg"),
        ("GIF", "gif"),
        ("WEBP", "webp"),
    ],
)
def test_images_are_stored_under_a_random_name(client, editor, settings, fmt, extension):
    client.force_login(editor)
    response = upload(client, image_file(fmt, name="holiday.bin"))
    assert response.status_code == 200
    path = stored_path(response, settings)
    assert path.suffix == f".{extension}"
    assert "holiday" not in path.name and len(path.stem) == 32
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == (fmt, (40, 30))


def test_jpeg_metadata_is_dropped_and_orientation_applied(client, editor, settings):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x010F] = "SecretCam"  # camera maker
    client.force_login(editor)
    response = upload(client, image_file("JPEG", size=(40, 30), exif=exif.tobytes()))
    path = stored_path(response, settings)
    assert b"SecretCam" not in path.read_bytes()
    with Image.open(path) as stored:
        assert stored.size == (30, 40)
        assert not stored.getexif()


def animation(fmt, count=3, **save_options):
    frames = [Image.new("RGB", (20, 20), (80 * i % 256, 40, 90)) for i in range(count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], **save_options)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_animations_keep_their_frames_and_timing(client, editor, settings, fmt):
    data = animation(fmt, duration=[50, 200, 700], loop=0)
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("spin.bin", data))
    durations = []
    with Image.open(stored_path(response, settings)) as stored:
        for index in range(stored.n_frames):
            stored.seek(index)
            stored.load()  # WebP reads a frame's duration only when decoding it
            durations.append(stored.info["duration"])
    assert durations == [50, 200, 700]


@pytest.mark.parametrize(
    "fmt, save_options",
    [
        ("JPEG", {"comment": b"SecretNote"}),
        ("GIF", {"comment": b"SecretNote"}),
        ("PNG", {"pnginfo": PngImagePlugin.PngInfo()}),
        ("WEBP", {"xmp": b"<x:xmpmeta>SecretNote</x:xmpmeta>"}),
    ],
)
def test_comments_and_text_metadata_are_dropped(client, editor, settings, fmt, save_options):
    if fmt == "PNG":
        save_options["pnginfo"].add_text("Author", "SecretNote")
    file = image_file(fmt, **save_options)
    assert b"SecretNote" in file.read()
    file.seek(0)
    client.force_login(editor)
    response = upload(client, file)
    assert b"SecretNote" not in stored_path(response, settings).read_bytes()


def test_phone_photos_with_extra_pictures_are_stored_as_jpeg(client, editor, settings):
    buffer = io.BytesIO()
    photo, depth_map = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (20, 15), "blue")
    photo.save(buffer, "MPO", save_all=True, append_images=[depth_map])
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue()))
    path = stored_path(response, settings)
    assert path.suffix == ".jpg"
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (40, 30))


@pytest.mark.parametrize(
    "name, content",
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.png", b"just some text pretending to be a picture"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_what_is_not_an_accepted_image_is_refused(client, editor, settings, name, content):
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile(name, content, content_type="image/png"))
    assert response.status_code == 400
    assert error_of(response) == "Only PNG, JPEG, GIF and WebP images can be uploaded."
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_other_image_formats_are_refused(client, editor):
    client.force_login(editor)
    response = upload(client, image_file("BMP", name="old.bmp"))
    assert error_of(response) == "Only PNG, JPEG, GIF and WebP images can be uploaded."


def test_a_truncated_image_is_refused(client, editor):
    whole = image_file("PNG", size=(300, 300)).read()
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("cut.png", whole[: len(whole) // 2]))
    assert response.status_code == 400
    assert error_of(response) == "The file is damaged or not a complete image."


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_an_animation_with_a_damaged_later_frame_is_refused(client, editor, settings, fmt):
    whole = animation(fmt, duration=100)
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("cut.bin", whole[: len(whole) * 8 // 10]))
    assert response.status_code == 400
    assert error_of(response) == "The file is damaged or not a complete image."
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_too_many_bytes_are_refused(client, editor, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 1024
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 2000))
    assert response.status_code == 400
    assert error_of(response) == "The image is larger than 1.0\xa0KB."


def test_too_many_pixels_are_refused_before_decoding(client, editor, settings):
    settings.MAX_UPLOAD_PIXELS = 1000
    client.force_login(editor)
    response = upload(client, image_file("PNG", size=(100, 100)))
    assert response.status_code == 400
    assert "100 × 100 pixels" in error_of(response)
    assert "1,000 pixels" in error_of(response)


def test_too_many_frames_are_refused(client, editor, monkeypatch):
    monkeypatch.setattr("wiki.uploads.MAX_FRAMES", 5)
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("long.gif", animation("GIF", count=6)))
    assert response.status_code == 400
    assert error_of(response) == "The animation has more than 5 frames, the limit."


def test_a_long_gif_is_refused_after_reading_no_more_frames_than_the_limit(
    client, editor, monkeypatch
):
    from PIL import GifImagePlugin

    monkeypatch.setattr("wiki.uploads.MAX_FRAMES", 5)
    steps = []
    walk = GifImagePlugin.GifImageFile._seek
    monkeypatch.setattr(
        GifImagePlugin.GifImageFile,
        "_seek",
        lambda image, *args: steps.append(1) or walk(image, *args),
    )
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("long.gif", animation("GIF", count=200)))
    assert response.status_code == 400
    assert len(steps) <= 5 + 3  # the walk stops at the limit: opening and rewinding aside


@pytest.mark.parametrize("size", [(40, 30), (100, 100)])  # Pillow's warning, then its error
def test_pillow_decompression_bomb_guard_is_a_refusal(client, editor, settings, monkeypatch, size):
    settings.MAX_UPLOAD_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    client.force_login(editor)
    response = upload(client, image_file("PNG", size=size))
    assert response.status_code == 400
    assert error_of(response) == "The image has more than 1,000 pixels."


def test_a_missing_file_gets_a_message(client, editor):
    client.force_login(editor)
    response = client.post(URL, {}, **XHR)
    assert response.status_code == 400
    assert error_of(response) == "Choose an image to upload."


def test_anonymous_uploads_are_refused(client, settings):
    response = upload(client, image_file("PNG"))
    assert response.status_code == 403
    assert error_of(response) == "Sign in to upload images."
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_upload_is_post_only(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


def test_upload_without_a_csrf_token_is_refused(editor, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, image_file("PNG")).status_code == 403
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_uploads_are_rate_limited(client, editor, settings):
    settings.UPLOAD_RATE_LIMIT = 2
    client.force_login(editor)
    assert [upload(client, image_file("PNG")).status_code for _ in range(3)] == [200, 200, 429]
