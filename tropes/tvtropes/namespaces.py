"""The old site's namespaces. Those whose pages are works: a bullet naming a page in one of
them is an example on a trope page, and a page in one of them is imported as a work. In a
namespace the old site has, a page's name needs no second capital to be a link
(`Film/Jaws`)."""

from tropes.media import MEDIA

WORK_NAMESPACES = frozenset(
    {
        *MEDIA,
        "AudioPlay",
        "ComicStrip",
        "Disney",
        "Fanfic",
        "Franchise",
        "LightNovel",
        "Machinima",
        "Magazine",
        "Manhua",
        "Manhwa",
        "Music",
        "Myth",
        "Pinball",
        "Podcast",
        "Radio",
        "Roleplay",
        "TabletopGame",
        "Theatre",
        "Toys",
        "VisualNovel",
        "WebAnimation",
        "WebOriginal",
        "WebVideo",
        "Webcomic",
        "Wrestling",
    }
)

KNOWN_NAMESPACES = WORK_NAMESPACES | {
    "Main",
    "Administrivia",
    "Analysis",
    "Characters",
    "Creator",
    "DarthWiki",
    "FanWorks",
    "Funny",
    "Headscratchers",
    "JustForFun",
    "Laconic",
    "Quotes",
    "Recap",
    "SugarWiki",
    "Trivia",
    "UsefulNotes",
    "WMG",
    "YMMV",
}
