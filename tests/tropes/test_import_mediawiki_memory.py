"""import_mediawiki reads a dump in constant memory: ten times the dump, the same peak."""

import bz2
import tracemalloc
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from tests.tropes.mediawiki_dumps import DumpPage, Rev, write_dump
from wiki.models import Page

pytestmark = pytest.mark.django_db

# Mostly plain words, which parse fast, around a little of every kind of markup.
MARKUP = "A character who eats [[Big Eater|a lot]] in ''[[Film:Alien]]'' and {{spoiler|dies}}.\n"
WORDS = "Plain words of an example that go on and on. " * 60


def text(number):
    """A revision's text: 3 kB."""
    return f"Revision {number}. {MARKUP}{WORDS}\n* An example.<ref>A note.</ref>"


def many_pages(count):
    for number in range(count):
        yield DumpPage(
            f"Trope {number}",
            [
                Rev(text(revision), f"2010-01-0{revision + 1}T00:00:00Z", f"Editor{revision}")
                for revision in range(2)
            ],
        )


def long_history(revisions):
    day = 86_400
    return [
        DumpPage(
            "Big Eater",
            [
                Rev(text(number), _date(number * day), f"Editor{number % 7}", "An edit")
                for number in range(revisions)
            ],
        )
    ]


def _date(seconds):
    when = datetime(2005, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def peak_while_importing(path, *options):
    """The most memory Python held at once during the import, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        call_command("import_mediawiki", str(path), *options, stdout=StringIO())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def test_ten_times_the_pages_take_no_more_memory(tmp_path):
    small = write_dump(tmp_path / "small.xml.bz2", many_pages(100), compression="bz2")
    large = write_dump(tmp_path / "large.xml.bz2", many_pages(1000), compression="bz2")
    assert len(bz2.decompress(large.read_bytes())) > 9 * len(bz2.decompress(small.read_bytes()))
    peak_while_importing(small, "--dry-run")  # what is loaded once (modules, caches)
    small_peak = peak_while_importing(small, "--dry-run")
    large_peak = peak_while_importing(large, "--dry-run")
    assert large_peak < small_peak * 1.3 + 256 * 1024, (small_peak, large_peak)


def test_ten_times_the_history_takes_no_more_memory(tmp_path):
    # More revisions than one batch (importer.BATCH) in both: each is 3 kB, so the large
    # history held at once would be 7.5 MB.
    small = write_dump(tmp_path / "small.xml.gz", long_history(250), compression="gz")
    large = write_dump(tmp_path / "large.xml.gz", long_history(2500), compression="gz")
    peak_while_importing(small)
    Page.objects.all().delete()
    Page.history.all().delete()
    small_peak = peak_while_importing(small)
    Page.objects.all().delete()
    Page.history.all().delete()
    large_peak = peak_while_importing(large)
    assert Page.objects.get(key="main/bigeater").history.count() == 2500
    assert large_peak < small_peak * 1.3 + 512 * 1024, (small_peak, large_peak)
