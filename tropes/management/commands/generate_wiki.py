import json
import random
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from tropes.importing import Importer
from tropes.management.commands.import_tropes import ProgressBar
from tropes.media import MEDIA

WORDS = [
    "hero",
    "villain",
    "rival",
    "mentor",
    "ship",
    "city",
    "storm",
    "secret",
    "letter",
    "sword",
    "robot",
    "dragon",
    "forest",
    "festival",
    "train",
    "tower",
    "river",
    "island",
    "promise",
    "betrayal",
    "rescue",
    "duel",
    "escape",
    "bargain",
]


class Command(BaseCommand):
    help = "Generate a synthetic wiki of any size (for machines without the real data set)."

    def add_arguments(self, parser):
        parser.add_argument("--tropes", type=int, default=1000)
        parser.add_argument("--works", type=int, default=1000)
        parser.add_argument("--examples", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=2128)

    def handle(self, tropes, works, examples, seed, **options):
        rng = random.Random(seed)
        titles = _titles(rng, tropes + works)
        trope_titles = {title.replace(" ", ""): title for title in titles[:tropes]}
        work_titles = {
            f"{rng.choice(list(MEDIA))}/{title.replace(' ', '')}": title
            for title in titles[tropes:]
        }
        trope_ids, work_ids = list(trope_titles), list(work_titles)
        pairs = set()
        # Skewed on purpose: a few tropes and works get most examples, as on a real wiki.
        while len(pairs) < min(examples, tropes * works):
            trope = trope_ids[min(int(rng.paretovariate(1.2)) - 1, tropes - 1)]
            pairs.add((trope, rng.choice(work_ids)))
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            _write(
                folder / "tropes.jsonl",
                (
                    {"id": t, "name": trope_titles[t], "description": _sentences(rng, 6, trope_ids)}
                    for t in trope_ids
                ),
            )
            _write(
                folder / "works.jsonl",
                ({"id": w, "name": work_titles[w], "media": w.split("/")[0]} for w in work_ids),
            )
            _write(
                folder / "examples.jsonl",
                ({"trope": t, "work": w, "text": _sentences(rng, 2, trope_ids)} for t, w in pairs),
            )
            summary = Importer(folder, progress=ProgressBar(self.stderr)).run()
        self.stderr.write("")
        for what, count in summary.created.items():
            self.stdout.write(f"{what:>9}: {count:,} created, {summary.skipped[what]:,} skipped")


SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tel",
    "sa",
    "vin",
    "do",
    "ra",
    "lu",
    "ne",
    "bo",
    "shi",
    "ar",
    "en",
    "quo",
    "zu",
    "fa",
    "gor",
    "li",
    "pe",
    "tan",
    "we",
    "yo",
    "hal",
]


def _titles(rng, count):
    """`count` distinct titles of two to four words, common words and made-up ones mixed,
    so titles share prefixes and letters the way real ones do."""
    vocabulary = [word.capitalize() for word in WORDS] + [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(600)
    ]
    titles = {}
    while len(titles) < count:
        title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 4)))
        titles.setdefault(title.replace(" ", ""), title)  # one title per WikiWord
    return list(titles.values())


def _write(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def _sentences(rng, count, trope_ids):
    sentences = []
    for _ in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if rng.random() < 0.2:
            words += f" [[spoiler:the {rng.choice(WORDS)} was a {rng.choice(WORDS)}]]"
        if rng.random() < 0.3:
            words += f", much like [[Main/{rng.choice(trope_ids)}]]"
        sentences.append(words.capitalize() + ".")
    return " ".join(sentences)
