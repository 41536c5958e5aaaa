"""The TV Tropes markup converter, construct by construct (section b of the research notes):
what an old page's source becomes in our markup, and what readers then see."""

import pytest

from tropes.tvtropes import convert
from wiki import markup

WJ = "\u2060"  # the invisible WORD JOINER that keeps a word from linking


def md(source):
    return convert(source)[0].strip()


def html(source):
    return markup.render(md(source))


# Links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A ChekhovsGun here.", "A [[ChekhovsGun]] here."),
        ("See Film/ShaunOfTheDead.", "See [[Film/ShaunOfTheDead]]."),
        ("A GameFAQs page.", "A [[GameFAQs]] page."),
        ("In Film/Jaws, a shark.", "In [[Film/Jaws]], a shark."),
        ("AC/DC and Yes/No", "AC/DC and Yes/No"),
        ("NASA and iPhone stay words.", "NASA and iPhone stay words."),
    ],
)
def test_wikiwords_become_wiki_links(source, expected):
    assert md(source) == expected


def test_a_wikiword_glued_to_a_path_is_not_a_link():
    assert "wikilink" not in html("and/or ends/WithThis")


def test_a_wikiword_links_to_its_page_and_shows_split():
    assert 'href="/Main/ChekhovsGun" class="wikilink">Chekhovs Gun</a>' in html("ChekhovsGun")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("some {{foreshadowing}} here", "some [[Foreshadowing|foreshadowing]] here"),
        ("many {{Webcomic}}s", "many [[Webcomic|Webcomics]]"),
        ("{{Fictional countr|y}}ies", "[[FictionalCountry|Fictional countries]]"),
        ("{{A|nAesop}}esop", "[[AnAesop|Aesop]]"),
        ("{{killed off| for real}}", "[[KilledOffForReal|killed off]]"),
        ("Theatre/{{Oedipus|TheKing}}", "[[Theatre/OedipusTheKing|Oedipus]]"),
        ("Creator/{{Mattel}} Interactive", "[[Creator/Mattel]] Interactive"),
    ],
)
def test_free_links_link_their_words_joined(source, expected):
    assert md(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "[[WinBackTheCrowd overcome flagging ratings]]",
            "[[WinBackTheCrowd|overcome flagging ratings]]",
        ),
        ("[[{{Satan}} Lucifer's]] rebellion", "[[Satan|Lucifer's]] rebellion"),
        ("[[DarthWiki/RuinedForever complaining]]", "[[DarthWiki/RuinedForever|complaining]]"),
        ("[[AlternateTimeline Timeline]]", "[[AlternateTimeline|Timeline]]"),
        ("[[TheScrappy]]", "[[TheScrappy]]"),
        ("[[{{Retool}} radically ''altered'']]", "[[Retool|radically *altered*]]"),
    ],
)
def test_potholes_link_their_first_word_and_show_the_rest(source, expected):
    assert md(source) == expected


def test_a_spoiler_inside_a_pothole_hides_the_whole_link():
    assert md("[[TheMole [[spoiler:Bob]] did it]]") == "[[spoiler:[[TheMole|Bob did it]]]]"
    assert 'class="spoiler"' in html("[[TheMole [[spoiler:Bob]] did it]]")


def test_a_link_inside_a_pothole_shows_as_its_text():
    assert md("[[SpoilerTitle the [[FooBar thing]] here]]") == "[[SpoilerTitle|the thing here]]"


def test_external_links_keep_their_text_and_a_bare_one_shows_its_address():
    assert (
        md("[[http://wordcount.org/main.php 67,470th]]")
        == "[67,470th](<http://wordcount.org/main.php>)"
    )
    assert md("[[https://x.example/a]]") == "[https://x.example/a](<https://x.example/a>)"
    rendered = html("[[https://x.example/a b]]")
    assert 'href="https://x.example/a"' in rendered and "nofollow" in rendered


def test_a_link_to_another_scheme_is_text():
    assert "href" not in html("[[javascript:alert(1) click]]")
    assert "click" in html("[[javascript:alert(1) click]]")


def test_a_name_our_wiki_cannot_have_is_kept_as_its_text():
    source, report = convert("{{24}} hours")
    assert source.strip() == "24 hours"
    assert report.unlinkable == 1


# Emphasis, lists, breaks, headings, rules ------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("''italic''", "*italic*"),
        ("'''bold'''", "**bold**"),
        ("'''''both'''''", "***both***"),
        ("''a'''b'''''", "*a**b***"),
        ("'' spaced ''", " *spaced* "),
        ("''unclosed", "*unclosed*"),
        ("Fonzie's 'cool'", "Fonzie's 'cool'"),
    ],
)
def test_emphasis(source, expected):
    assert md(source) == expected.strip()


def test_bullets_nest_to_three_levels_deeper_ones_flattened():
    source = "* one\n** two\n*** three\n**** four\n+ plus"
    assert md(source) == "- one\n  - two\n    - three\n    - four\n- plus"


def test_numbered_lists():
    assert md("# first\n# second") == "1. first\n1. second"
    assert "<ol>" in html("# first\n# second")


def test_a_double_backslash_breaks_the_line_within_its_bullet():
    assert md("* one\\\\\nstill one\n* two") == "- one\\\n  still one\n- two"
    assert "<br" in html("* one\\\\\nstill one")


def test_headings_and_rules():
    assert md("!One\n!!Two\n!!!Three") == "# One\n\n## Two\n\n### Three"
    assert md("above\n----\nbelow") == "above\n\n---\n\nbelow"
    assert "<hr" in html("above\n----\nbelow")


def test_each_line_is_a_paragraph_and_never_markdown_by_accident():
    assert md("one\ntwo") == "one\n\ntwo"
    assert md("1984. A year") == "1984\\. A year"
    assert md("# not a heading?").startswith("1.")  # the old markup's numbered item
    assert "<h1>" not in html("#hashtag")
    assert "<em>" not in html("2 * 3 * 4 and _under_score_")


# Quotes --------------------------------------------------------------------------------


def test_a_quote_opening_the_page_is_the_page_quote():
    source = "->'''A:''' One.\\\\\n'''B:''' Two.\n-->-- '''Someone''', ''Work''\n\nText."
    text, report = convert(source)
    assert text.strip() == "Text."
    assert report.quote == "**A:** One.\\\n**B:** Two."
    assert report.quote_attribution == "**Someone**, *Work*"


def test_a_quote_inside_an_example_stays_in_its_bullet():
    source = "Intro.\n* BigEater: She eats.\n-->'''Rouge:''' More!"
    assert md(source) == "Intro.\n\n- [[BigEater]]: She eats.\n  > **Rouge:** More!"
    assert "<li>" in html(source) and "<blockquote>" in html(source)


def test_a_quote_in_the_text_is_a_block_quote():
    assert md("Text.\n\n->Said.\n-->-- Sayer") == "Text.\n\n> Said.\n>\n> — Sayer"


# Comments and escapes ------------------------------------------------------------------


def test_comments_are_dropped():
    text, report = convert("%% Image chosen by vote\nShown %% hidden\n* one\n%%\n* two")
    assert text.strip() == "Shown\n\n- one\n- two"
    assert report.converted["comment"] == 3


def test_escapes_are_kept_literal():
    assert md("[=''literal''=]") == "''literal''"
    assert md("Norman J. [=LeBlanc=] of") == f"Norman J. Le{WJ}Blanc of"
    assert "wikilink" not in html("Norman J. [=LeBlanc=] of")
    assert md("[=*stars* and [brackets]=]") == "\\*stars\\* and \\[brackets\\]"
    assert md("a [=%%=] b") == "a %% b"


def test_a_word_our_markup_would_link_but_the_old_site_did_not_stays_a_word():
    assert "wikilink" not in html("[=1950s=] and [=BigEater=]")


# Spoilers, notes, folders --------------------------------------------------------------


def test_spoilers_stay_spoilers_with_their_markup():
    assert md("[[spoiler:''George'' did it]]") == "[[spoiler:*George* did it]]"
    assert md("[[spoiler:the [[FamilyUnfriendlyDeath crushed]] end]]") == (
        "[[spoiler:the [[FamilyUnfriendlyDeath|crushed]] end]]"
    )
    assert html("[[spoiler:George]]").count('class="spoiler"') == 1
    assert md("[[spoiler:]]") == ""


def test_notes_and_labelnotes():
    assert md("x[[note]]An aside.[[/note]] y") == "x[[note]]An aside.[[/note]] y"
    assert (
        md("[[labelnote:Why]]Because.[[/labelnote]]") == "[[labelnote:Why]]Because.[[/labelnote]]"
    )
    assert 'class="note"' in html("x[[note]]An aside.[[/note]]")


def test_an_unclosed_note_is_kept_as_text_and_counted():
    text, report = convert("x [[note]] never closed")
    assert "never closed" in text and "\\[\\[note\\]\\]" in text
    assert report.unknown["unclosed [[note]]"] == 1


def test_folders_become_folders_and_foldercontrol_is_dropped():
    source = (
        "[[foldercontrol]]\n[[folder:Cast Changes]]\n* One.\n[[/folder]]\n"
        "[[folder]]\nx\n[[/folder]]"
    )
    assert md(source) == (
        "[[folder:Cast Changes]]\n\n- One.\n\n[[/folder]]\n\n[[folder:Folder]]\n\nx\n\n[[/folder]]"
    )
    assert html(source).count('<details class="folder">') == 2


def test_a_folder_left_open_is_closed_at_the_end_and_a_stray_close_counted():
    text, report = convert("[[folder:A]]\nx\n[[/folder]]\n[[/folder]]\n[[folder:B]]\ny")
    assert text.count("[[/folder]]") == 2
    assert report.unknown["[[/folder]] with no folder open"] == 1


# Page image, caption, styles, redirects, index -------------------------------------------


def test_the_page_image_and_caption_go_to_the_report():
    source = (
        "[[quoteright:342:[[VideoGame/IWannaBeTheGuy https://static.tvtropes.org/a.png]]]]\n"
        "[[caption-width-right:342:[[PressXToDie Be prepared]] '''A lot!''']]\nText."
    )
    text, report = convert(source)
    assert text.strip() == "Text."
    assert (report.image.url, report.image.width, report.image.link) == (
        "https://static.tvtropes.org/a.png",
        342,
        "VideoGame/IWannaBeTheGuy",
    )
    assert report.caption == "[[PressXToDie|Be prepared]] **A lot!**"


def test_a_plain_page_image():
    _, report = convert("[[quoteright:185:http://static.tvtropes.org/b.jpg]]")
    assert (report.image.url, report.image.width, report.image.link) == (
        "http://static.tvtropes.org/b.jpg",
        185,
        "",
    )


def test_all_caps_strike_and_monospace():
    assert md("[[AC:Chapter one]]") == "CHAPTER ONE"
    assert md("[[strike:gone]] here") == "~~gone~~ here"
    assert md("@@[=code_here=]@@") == "`code_here`"
    assert "<s>gone</s>" in html("[[strike:gone]]")
    assert "<code>code_here</code>" in html("@@[=code_here=]@@")


def test_a_redirect_body_names_its_target():
    text, report = convert("[[redirect:Disney/SnowWhiteAndTheSevenDwarfs]]")
    assert report.redirect == "Disney/SnowWhiteAndTheSevenDwarfs"
    assert text.strip() == "[[Disney/SnowWhiteAndTheSevenDwarfs]]"


def test_index_regions_keep_their_list_and_drop_their_markers():
    text, report = convert("[[index]]\n* IronWoobie: text\n[[/index]]")
    assert text.strip() == "- [[IronWoobie]]: text"
    assert (report.converted["index_open"], report.converted["index_close"]) == (1, 1)
    assert markup.listed_links(text) == ["Main/IronWoobie"]


def test_styling_our_markup_lacks_keeps_the_text():
    text, report = convert("[[center:Middle]] and [-small-] and [[indent:2:pad]]")
    assert text.strip() == "Middle and small and pad"
    assert sum(report.unstyled.values()) == 3


def test_unknown_constructs_are_shown_as_written_and_counted():
    text, report = convert("[[noreallife]]\n|| a || b\n[[invoked]] here")
    assert "noreallife" in text and "invoked" in text and "\\|\\| a \\|\\| b" in text
    assert report.unknown == {"[[noreallife]]": 1, "|| unfinished table row": 1, "[[invoked]]": 1}
    rendered = html("[[noreallife]]")
    assert "[[noreallife]]" in rendered and "href" not in rendered


def test_tables_become_tables_their_first_row_the_header():
    source = (
        "||align=center border=1 width=75%\n"
        "|| '''Chart''' || ''Lawful'' ||\n"
        "|| [[LawfulGood Good]] || a [=||=] b || extra ||"
    )
    text, report = convert(source)
    assert text.strip() == (
        "| **Chart** | *Lawful* |\n| --- | --- |\n| [[LawfulGood\\|Good]] | a \\|\\| b extra |"
    )
    rendered = markup.render(text)
    assert "<th><strong>Chart</strong></th>" in rendered
    assert '<td><a href="/Main/LawfulGood" class="wikilink">Good</a></td>' in rendered
    assert "<td>a || b extra</td>" in rendered
    assert report.unstyled["|| table options"] == 1


def test_the_report_lists_the_pages_linked_once_each():
    _, report = convert("BigEater, [[BigEater again]] and Anime/MetallicRouge")
    assert report.links == ["Main/BigEater", "Anime/MetallicRouge"]


def test_a_marker_inside_a_line_is_shown_as_written():
    text = md("[[spoiler:a [[foldercontrol]] b [[folder:X]]]]")
    assert text == "[[spoiler:a \\[\\[foldercontrol\\]\\] b \\[\\[folder:X\\]\\]]]"
