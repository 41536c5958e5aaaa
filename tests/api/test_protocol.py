"""How the read API answers, whatever the resource: ETags and 304s, CORS for reads from any
site, its own rate limit, reads only, cursors and sizes bounded, and its schema and docs."""

import io

import pytest
import yaml
from django.core.management import call_command

from tests.factories import TropeFactory

pytestmark = pytest.mark.django_db

EVERY_LIST = [
    "/api/v1/pages",
    "/api/v1/works",
    "/api/v1/tropes",
    "/api/v1/examples",
    "/api/v1/changes",
    "/api/v1/search?q=trope",
    "/api/v1/pages/Main/BigEater/history",
    "/api/v1/pages/Anime/MetallicRouge/characters",
]


def test_an_answer_the_client_has_already_is_a_304(client, wiki):
    first = client.get("/api/v1/pages/Main/BigEater")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/v1/pages/Main/BigEater", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_changed_page_has_a_new_etag(client, wiki, editor):
    from tests.helpers import edit

    etag = client.get("/api/v1/pages/Main/BigEater")["ETag"]
    edit(wiki["trope"].page, editor, "More", body="Eats even more.")
    response = client.get("/api/v1/pages/Main/BigEater", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["body"]["text"] == "Eats even more."


def test_answers_are_public_but_revalidated(client, wiki):
    cache_control = client.get("/api/v1/works")["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=0" in cache_control


def test_any_site_may_read_the_api_from_a_browser(client, wiki):
    response = client.get("/api/v1/works", HTTP_ORIGIN="https://fans.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reads_only(client, db):
    response = client.options(
        "/api/v1/works",
        HTTP_ORIGIN="https://fans.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_rest_of_the_site_sends_no_cors_headers(client, wiki):
    response = client.get("/Main/BigEater", HTTP_ORIGIN="https://fans.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_writes_through_the_api(client, wiki, method):
    for address in ["/api/v1/pages/Main/BigEater", "/api/v1/examples", "/api/v1/works"]:
        response = getattr(client, method)(address, {"title": "Vandalised"})
        assert response.status_code == 405, address
    assert client.get("/api/v1/pages/Main/BigEater").json()["title"] == "Big Eater"


def test_a_signed_in_member_reads_what_anyone_reads_with_no_session_or_csrf(client, wiki, reader):
    anonymous = client.get("/api/v1/pages/Main/BigEater").content
    client.force_login(reader)
    assert client.get("/api/v1/pages/Main/BigEater").content == anonymous
    assert client.post("/api/v1/pages/Main/BigEater").status_code == 405


def test_the_api_has_its_own_rate_limit(client, db, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [client.get("/api/v1/tropes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/works")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # The site's pages are not counted against it.
    assert client.get("/help/markup").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "cursor=notbase64!!",
        "cursor=W10",  # []
        "cursor=WzEuNV0",  # [1.5]
        "cursor=W3RydWVd",  # [true]
        "cursor=WzEsMiwzLDQsNV0",  # five numbers
        "cursor=" + "A" * 500,
        "limit=0",
        "limit=201",
        "limit=ten",
        "limit=-1",
        "limit=%C2%B2",  # a superscript two, a digit to Python
        "cursor=WyJ4XHUwMDAwIl0",  # ["x\u0000"]: no database compares it
    ],
)
def test_bad_cursors_and_sizes_are_400_never_500(client, wiki, query):
    for address in EVERY_LIST:
        joiner = "&" if "?" in address else "?"
        response = client.get(f"{address}{joiner}{query}")
        assert response.status_code == 400, f"{address} {query}: {response.status_code}"


def test_out_of_range_ids_are_404(client, wiki):
    big = 2**70
    assert client.get(f"/api/v1/examples/{big}").status_code == 404
    assert client.get(f"/api/v1/pages/Main/BigEater/revisions/{big}").status_code == 404


def test_a_cursor_leads_through_every_item_once(client, db):
    for n in range(7):
        TropeFactory(page__name=f"Trope{n}", page__title=f"Trope {n}")
    names, address = [], "/api/v1/tropes?limit=3"
    while address:
        answer = client.get(address).json()
        names += [trope["name"] for trope in answer["results"]]
        address = answer["next"]
    assert names == [f"Trope{n}" for n in range(7)]


def test_a_timeline_cursor_leads_to_older_entries(client, wiki):
    first = client.get("/api/v1/changes?limit=2").json()
    older = client.get(first["next"]).json()
    assert older["results"][0]["date"] <= first["results"][-1]["date"]
    assert client.get("/api/v1/changes?cursor=1-2-3000").status_code == 400


def test_the_schema_is_valid_openapi_naming_every_resource(client, db):
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())
    schema = yaml.safe_load(client.get("/api/v1/schema").content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/pages/{namespace}/{name}",
        "/api/v1/pages/{namespace}/{name}/history",
        "/api/v1/pages/{namespace}/{name}/revisions/{revision_id}",
        "/api/v1/pages/{namespace}/{name}/subpages",
        "/api/v1/pages/{namespace}/{name}/characters",
        "/api/v1/works",
        "/api/v1/tropes",
        "/api/v1/examples",
        "/api/v1/examples/{id}",
        "/api/v1/changes",
        "/api/v1/search",
        "/api/v1/goto",
    } <= set(schema["paths"])
    assert all(set(path) == {"get"} for path in schema["paths"].values())


def test_the_docs_page_runs_no_inline_script_or_style(client, db):
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<style" not in html
    assert "<script>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema" in script.content.decode()
