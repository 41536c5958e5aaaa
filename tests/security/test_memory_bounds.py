"""What a worker keeps of the pages it replayed is bounded in bytes, however big the pages."""

from tropewise.serving import replay
from tropewise.serving.pagecache import KeptPage
from wiki.memory import ByteBoundedCache


def kept(body):
    return KeptPage(1, body, [("Content-Type", "text/html")])


def test_replayed_pages_kept_in_memory_never_pass_their_byte_bound():
    recent = ByteBoundedCache(1_000_000, sizeof=replay._recent.sizeof)
    for number in range(50):
        recent.put(f"page:{number}", kept(b"x" * 100_000))

    assert recent.size <= 1_000_000
    assert recent.get("page:49") is not None and recent.get("page:0") is None


def test_a_newer_copy_of_a_page_replaces_the_old_one_and_its_bytes():
    recent = ByteBoundedCache(1_000_000, sizeof=replay._recent.sizeof)
    recent.put("page:a", kept(b"x" * 400_000))
    recent.put("page:a", kept(b"y" * 300_000))

    assert recent.size == 300_000
    assert recent.get("page:a").body[:1] == b"y"


def test_a_page_bigger_than_the_whole_bound_is_not_kept():
    recent = ByteBoundedCache(1_000, sizeof=replay._recent.sizeof)
    recent.put("page:huge", kept(b"x" * 5_000))

    assert recent.get("page:huge") is None and recent.size == 0
