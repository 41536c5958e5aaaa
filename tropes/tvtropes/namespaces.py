"""The old site's namespaces whose pages are works: a bullet naming a page in one of them is
an example on a trope page, and a page in one of them is imported as a work."""

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
