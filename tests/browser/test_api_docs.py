"""The read API's docs page works under the site's Content-Security-Policy: Swagger UI loads
the schema, lists the resources and runs a request, with nothing blocked and no error."""

import pytest

from tests.browser.test_csp import problems, settle  # noqa: F401 (a fixture, and a helper)
from tests.factories import WorkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_page_lists_the_resources_and_runs_a_request(page, problems):  # noqa: F811
    WorkFactory(page__namespace="Film", page__name="Alien", page__title="Alien")
    page.goto("/api/v1/docs")
    works = page.locator("#operations-works-works")
    works.locator(".opblock-summary").click()
    works.get_by_role("button", name="Try it out").click()
    works.get_by_role("button", name="Execute").click()
    body = works.locator(".responses-wrapper .live-responses-table .microlight").first
    assert "Alien" in body.inner_text(timeout=10_000)
    assert page.locator("#operations-pages-page").is_visible()
    settle(page)
    assert problems == []
