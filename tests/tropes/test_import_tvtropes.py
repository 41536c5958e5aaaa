"""manage.py import_tvtropes: old pages' sources become works, tropes and examples."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ExampleFactory, TropeFactory, WorkFactory
from tropes.models import Example, PlayedAs, Trope, Work
from tropes.tvtropes import convert
from tropes.tvtropes.markdown import WORD_JOINER
from wiki import markup
from wiki.models import Page

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared/data/tvtropes-markup"
SOURCES = sorted(SAMPLES.glob("*.tvt")) if SAMPLES.is_dir() else []

WORK_PAGE = """\
[[quoteright:185:http://static.tvtropes.org/a.jpg]]
[[caption-width-right:185:The asylum, [[spoiler:burning]].]]
->Nobody leaves.
-->-- '''The warden'''

''Asylum'' is a 2011 film about a BedlamHouse.
----
!!Tropes in this film:
* BedlamHouse: Averted. The inmates are treated well.
* DrivenToMadness: [[spoiler:George]], by the end.
** Or before it starts.
* LegionsOfHell
[[folder:More tropes]]
* {{Fingore}}: George slices his finger.
-->'''George:''' Ow!
[[/folder]]
"""

TROPE_PAGE = """\
A hero eats a lot.
----
!!Examples:
[[folder:Anime & Manga]]
* ''Anime/MetallicRouge'': Rouge eats chocolate.
[[/folder]]
[[folder:Film]]
* In ''Film/Asylum'', George eats.
* A film nobody named.
[[/folder]]
"""


def run(*args):
    out = io.StringIO()
    call_command("import_tvtropes", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def work_file(tmp_path):
    path = tmp_path / "Film.Asylum.tvt"
    path.write_text(WORK_PAGE, encoding="utf-8")
    return path


@pytest.fixture
def trope_file(tmp_path):
    path = tmp_path / "Main.BigEater.tvt"
    path.write_text(TROPE_PAGE, encoding="utf-8")
    return path


def example(trope, work):
    return Example.objects.get(trope__page__name=trope, work__page__name=work)


def test_a_work_page_becomes_the_work_with_its_description_quote_and_examples(client, work_file):
    output = run(work_file)
    work = Work.objects.get(page__key="film/asylum")
    page = work.page
    assert page.body.strip() == "*Asylum* is a 2011 film about a [[BedlamHouse]]."
    assert (page.quote, page.quote_attribution) == ("Nobody leaves.", "The warden")
    assert page.image_caption == "The asylum, [spoiler]."
    assert set(work.examples.values_list("trope__page__name", flat=True)) == {
        "BedlamHouse", "DrivenToMadness", "LegionsOfHell", "Fingore",
    }  # fmt: skip
    averted = example("BedlamHouse", "Asylum")
    assert (averted.played, averted.text) == (PlayedAs.AVERTED, "The inmates are treated well.")
    assert example("DrivenToMadness", "Asylum").text == (
        "[[spoiler:George]], by the end.\n\n- Or before it starts."
    )
    assert example("Fingore", "Asylum").text == "George slices his finger.\n\n> **George:** Ow!"
    assert example("LegionsOfHell", "Asylum").text == "Asylum uses this trope."
    html = client.get("/Film/Asylum").content.decode()
    assert "Nobody leaves." in html and 'class="spoiler"' in html
    assert "Pages: 5 (1 created, 4 created: trope named by an example)" in output
    assert "Examples: 4 (4 created)" in output
    assert "Page images to upload by hand: 1" in output


def test_every_page_gets_a_first_revision_naming_its_source(work_file):
    run(work_file)
    reason = "Imported from TV Tropes: Film/Asylum (Film.Asylum.tvt)"
    page = Page.objects.get(key="film/asylum")
    assert [r.history_change_reason for r in page.history.all()] == [reason]
    trope = Page.objects.get(key="main/fingore")
    assert [r.history_change_reason for r in trope.history.all()] == [reason]
    assert [r.history_change_reason for r in example("Fingore", "Asylum").history.all()] == [reason]


def test_a_trope_page_becomes_the_trope_with_its_examples_by_medium(client, trope_file):
    output = run(trope_file)
    trope = Trope.objects.get(page__key="main/bigeater")
    assert trope.page.body.strip() == (
        "A hero eats a lot.\n\n---\n\n## Examples:\n\n"
        "[[folder:Film]]\n\n- A film nobody named.\n\n[[/folder]]"
    )
    rows = trope.examples.values_list("work__page__namespace", "work__page__name", "text")
    assert set(rows) == {
        ("Anime", "MetallicRouge", "Rouge eats chocolate."),
        ("Film", "Asylum", "In *[[Film/Asylum]]*, George eats."),
    }
    html = client.get("/Main/BigEater").content.decode()
    assert re.search(r"<summary>Anime <small>\(1\)", html)
    assert re.search(r"<summary>Film <small>\(1\)", html)
    assert "2 created: work named by an example" in output


def test_a_dry_run_writes_nothing_but_says_what_it_would(work_file):
    output = run(work_file, "--dry-run")
    assert "Dry run: nothing was written." in output
    assert "Examples: 4 (4 created)" in output
    assert not Page.objects.exists() and not Example.objects.exists()


def test_importing_again_changes_nothing(work_file, trope_file):
    run(work_file, trope_file)
    revisions = Page.history.count() + Example.history.count()
    texts = sorted(Example.objects.values_list("text", flat=True))
    output = run(work_file, trope_file)
    assert Page.history.count() + Example.history.count() == revisions
    assert sorted(Example.objects.values_list("text", flat=True)) == texts
    assert "Examples: 6 (6 unchanged)" in output


def test_an_example_already_here_is_merged_not_duplicated(work_file, trope_file):
    work = WorkFactory(page__namespace="Film", page__name="Asylum", page__title="Asylum")
    trope = TropeFactory(page__name="BigEater", page__title="Big Eater")
    ExampleFactory(trope=trope, work=work, text="George eats at night.")
    run(trope_file)
    merged = example("BigEater", "Asylum")
    assert merged.text == "George eats at night.\n\nIn *[[Film/Asylum]]*, George eats."
    assert merged.history.first().history_change_reason.startswith("Imported from TV Tropes")
    assert Example.objects.filter(trope=trope, work=work).count() == 1
    run(trope_file)
    assert example("BigEater", "Asylum").text == merged.text


def test_a_page_already_written_keeps_its_text(work_file):
    WorkFactory(page__namespace="Film", page__name="Asylum", page__body="Our own words.")
    output = run(work_file)
    assert Page.objects.get(key="film/asylum").body == "Our own words."
    assert "1 kept: has a text" in output
    assert Work.objects.get().examples.count() == 4


def test_a_redirect_page_redirects_to_its_target(tmp_path):
    WorkFactory(page__namespace="Film", page__name="SnowWhiteAndTheSevenDwarfs")
    path = tmp_path / "Film.SnowWhite.tvt"
    path.write_text("[[redirect:Film/SnowWhiteAndTheSevenDwarfs]]")
    run(path)
    alias = Page.objects.get(key="film/snowwhite")
    assert alias.redirect_to.key == "film/snowwhiteandthesevendwarfs"


def test_the_name_option_and_bad_names(tmp_path):
    path = tmp_path / "source.txt"
    path.write_text("A novel.\n----\n* BigEater: Yes.")
    run(path, "--name", "Literature/SomeNovel")
    assert Work.objects.get().page.key == "literature/somenovel"
    with pytest.raises(CommandError, match="Namespace.PageName"):
        run(path)
    with pytest.raises(CommandError, match="not a page name"):
        run(path, "--name", "Literature/some novel")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "absent.tvt")


def test_the_summary_counts_unknown_constructs_and_links_to_missing_pages(tmp_path):
    path = tmp_path / "Main.Odd.tvt"
    path.write_text("See NoSuchPage and [[invoked]].\n[[noreallife]]")
    output = run(path)
    assert "Unknown constructs kept as text: 2" in output
    assert "Links to missing pages: 1\n  main/nosuchpage" in output


def test_a_windows_1252_source_is_read(tmp_path):
    path = tmp_path / "Main.Caf.tvt"
    path.write_bytes("Caf\xe9 \x96 a trope.".encode("latin-1"))
    run(path)
    assert Page.objects.get().body == "Café – a trope."


@pytest.mark.skipif(not SOURCES, reason=f"{SAMPLES} is absent")
def test_every_sample_imports_with_no_word_lost_and_every_spoiler_a_spoiler():
    run(SAMPLES)
    pages = Page.objects.filter(body__gt="")
    shown = (
        " ".join(
            [*pages.values_list("body", flat=True), *pages.values_list("quote", flat=True)]
            + list(Example.objects.values_list("text", flat=True))
            + list(Example.objects.values_list("played", flat=True))
            + list(Page.objects.values_list("name", flat=True))
        )
        .replace(WORD_JOINER, "")
        .lower()
    )
    spoilers = sum(page.body_html.count('class="spoiler"') for page in pages)
    spoilers += sum(e.text_html.count('class="spoiler"') for e in Example.objects.all())
    expected_spoilers = 0
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        text, report = convert(source)
        # Headings over the example lists go with their examples: their words aside.
        kept = re.sub(r"^#+ .*$", "", text, flags=re.MULTILINE)
        lost = {
            w
            for w in re.findall(r"[^\W_]+", kept.replace(WORD_JOINER, "").lower())
            if w not in shown
        }
        assert lost == set(), path.name
        expected_spoilers += markup.render(text).count('class="spoiler"')
    assert spoilers == expected_spoilers > 0
    assert Example.objects.count() >= 11


def png_bytes():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(output, "PNG")
    return output.getvalue()


def test_page_images_are_taken_from_a_directory_and_cleaned(tmp_path, work_file):
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.jpg").write_bytes(png_bytes())  # a PNG under a wrong name: decoded, not named
    output = run(work_file, "--images", images)
    page = Page.objects.get(key="film/asylum")
    assert page.image.name.endswith(".png")
    assert "Page images to upload by hand" not in output
    assert "1 with their image" in output


def test_a_dry_run_stores_no_image(tmp_path, settings, work_file):
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.jpg").write_bytes(png_bytes())
    output = run(work_file, "--images", images, "--dry-run")
    assert "1 with their image" in output
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_page_images_may_be_fetched_and_a_bad_one_is_listed(monkeypatch, work_file, trope_file):
    fetched = []

    class Answer(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(url, timeout):
        fetched.append(url)
        return Answer(b"not an image")

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    output = run(work_file, "--fetch-images")
    assert fetched == ["http://static.tvtropes.org/a.jpg"]
    assert not Page.objects.get(key="film/asylum").image
    assert "Only PNG, JPEG, GIF and WebP images can be uploaded." in output
    assert "Page images to upload by hand: 1" in output


def test_a_medium_page_of_examples_adds_them_to_its_trope(tmp_path, trope_file):
    run(trope_file)
    path = tmp_path / "BigEater.Series.tvt"
    path.write_text("Examples on live-action TV:\n* ''Series/Firefly'': Jayne eats.")
    run(path, "--name", "Main/BigEater", "--kind", "trope")
    trope = Trope.objects.get(page__key="main/bigeater")
    assert trope.page.body.startswith("A hero eats a lot.")
    assert trope.examples.get(work__page__key="series/firefly").text == "Jayne eats."
