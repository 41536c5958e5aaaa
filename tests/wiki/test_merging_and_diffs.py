from wiki import diffs, merging

BASE = "one\ntwo\nthree\nfour\nfive"


def test_changes_to_different_lines_merge():
    merged, clean = merging.merge_text(BASE, BASE.replace("one", "ONE"), BASE.replace("five", "5"))
    assert clean and merged == "ONE\ntwo\nthree\nfour\n5"


def test_changes_to_the_same_line_conflict_and_keep_mine():
    mine = BASE.replace("three", "mine")
    merged, clean = merging.merge_text(BASE, BASE.replace("three", "theirs"), mine)
    assert not clean and merged == mine


def test_identical_changes_are_not_a_conflict():
    same = BASE.replace("two", "2")
    assert merging.merge_text(BASE, same, same) == (same, True)


def test_crlf_from_browsers_merges_with_lf():
    theirs = BASE.replace("one", "ONE")
    mine = BASE.replace("five", "5").replace("\n", "\r\n")
    merged, clean = merging.merge_text(BASE, theirs, mine)
    assert clean and merged == "ONE\ntwo\nthree\nfour\n5"


def test_single_line_fields_take_the_side_that_changed():
    merge = merging.merge_values(
        {"title": "Old", "caption": "Cap"},
        {"title": "Old", "caption": "Their cap"},
        {"title": "New", "caption": "Cap"},
    )
    assert merge.clean and merge.values == {"title": "New", "caption": "Their cap"}


def test_single_line_fields_changed_on_both_sides_conflict():
    merge = merging.merge_values({"title": "Old"}, {"title": "Theirs"}, {"title": "Mine"})
    assert merge.conflicts == ["title"]


def test_diff_marks_changed_words_and_escapes_text():
    rows = diffs.diff_rows("a <b> line\nsame", "a <i> line\nsame\nadded")
    changed = next(row for row in rows if row.kind == "change")
    assert changed.old == "a &lt;<del>b</del>&gt; line"
    assert changed.new == "a &lt;<ins>i</ins>&gt; line"
    assert [row.kind for row in rows][-1] == "insert"


def test_diff_folds_long_unchanged_runs():
    old = "\n".join(f"line {n}" for n in range(50))
    new = old.replace("line 2\n", "line two\n").replace("line 45", "line forty-five")
    kinds = [row.kind for row in diffs.diff_rows(old, new)]
    assert "gap" in kinds and len(kinds) < 20
