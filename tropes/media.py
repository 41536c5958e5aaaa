"""Media: how a work's namespace reads to people."""

import re

# Namespaces whose pages are works, with the name readers know them by.
MEDIA = {
    "Anime": "Anime",
    "Manga": "Manga",
    "Film": "Film",
    "Literature": "Literature",
    "VideoGame": "Video Games",
    "Series": "Live-Action TV",
    "WesternAnimation": "Western Animation",
    "ComicBook": "Comic Books",
}


def medium_label(namespace):
    """'VideoGame' -> 'Video Games'; an unknown medium is split at its capitals."""
    return MEDIA.get(namespace) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", namespace)
