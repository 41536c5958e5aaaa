"""The samples shown, source beside result, on the markup help page."""

MARKUP_SAMPLES = [
    "Links to tropes: [[Big Eater]], [[Main/BigEater]] or just BigEater.",
    "Links to works: [[Anime/MetallicRouge]] or [[Anime/MetallicRouge|the show]].",
    "A page nobody has written yet shows as a red link: [[Main/NoSuchTropeYet]].",
    "Hide plot reveals: the butler [[spoiler:did it, with *style*]].",
    "An aside[[note]]Shown when the reader opens it.[[/note]] and a "
    "[[labelnote:labelled one]]with its own label[[/labelnote]].",
    "[[folder:Episode guide]]\nFolders hold **any** Markdown and start closed.\n[[/folder]]",
    "- An example\n  - a sub-bullet\n    - and one more level, the deepest allowed",
    "*Emphasis*, **strong**, ~~struck~~, `code with BigEater not linked`.",
    'External links: <https://example.org> get rel="nofollow".',
    "Raw HTML is shown as text: <b>not bold</b>.",
]
