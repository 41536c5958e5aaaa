"""Absolute links on kept pages name the site's own address, whichever host rendered them."""

import pytest

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_hosts(settings):
    settings.ALLOWED_HOSTS = ["tropewise.example", "internal.example"]
    settings.SITE_URL = "https://tropewise.example"


def test_a_page_first_rendered_through_another_host_names_the_sites_own_address(client):
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    trope.page.image.name = "pages/big-eater.png"
    trope.page.save()
    first = client.get("/Main/BigEater", HTTP_HOST="internal.example").content.decode()
    kept = client.get("/Main/BigEater", HTTP_HOST="tropewise.example").content.decode()
    for html in (first, kept):
        assert '<link rel="canonical" href="https://tropewise.example/Main/BigEater">' in html
        assert 'content="https://tropewise.example/media/pages/big-eater.png"' in html
        assert "internal.example" not in html
