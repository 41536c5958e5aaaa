"""The benchmark's data: the real set with its link-only examples when ../shared/data/tvtropes
is there, a synthetic wiki of the same shape otherwise; --quick: a small synthetic wiki.
What is there already is kept: a database filled once is measured again and again."""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Func

from tropes.importing import Importer
from tropes.management.commands.import_tropes import ProgressBar
from tropes.models import Example, Trope, Work

SHARED = Path(settings.BASE_DIR).parent / "shared/data/tvtropes"
WORK_EXAMPLES, TROPE_EXAMPLES = 150, 2_000  # the sizes of page the targets speak of


def fill(quick, out):
    """Fill the database if it is not yet; progress goes to `out`."""
    examples = Example.objects.count()
    if quick:
        if examples < 2_000:
            call_command(
                "generate_wiki", tropes=200, works=400, examples=4_000, seed=examples, stdout=out
            )
    elif SHARED.exists():
        if examples < 100_000:
            out.write(f"Importing {SHARED} with its link-only examples …")
            call_command("import_tropes", str(SHARED), link_examples=True, stdout=out)
    elif examples < 100_000:
        out.write("Generating a wiki at full size …")
        call_command(
            "generate_wiki",
            tropes=20_000,
            works=20_000,
            examples=300_000,
            seed=examples,
            stdout=out,
        )
    if not quick:
        _grow_biggest_trope(out)
    if connection.vendor == "postgresql":
        # Statistics for what the import and the migrations just wrote, as autovacuum would
        # have gathered in production: without them, plans read whole indexes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def closest(model, examples):
    """The trope or work whose number of examples is nearest `examples`, with it as `n`."""
    return (
        model.objects.select_related("page")
        .annotate(n=Count("examples"))
        .order_by(Func(F("n") - examples, function="ABS"), "pk")
        .first()
    )


def _grow_biggest_trope(out):
    """The site we replace has tropes with thousands of examples; the real set's biggest
    has about 1,100. Give the biggest trope TROPE_EXAMPLES, in works it is missing from,
    with placeholder text as --link-examples writes it."""
    trope = Trope.objects.select_related("page").annotate(n=Count("examples")).order_by("-n")[0]
    missing = TROPE_EXAMPLES - trope.n
    if missing <= 0:
        return
    works = Work.objects.exclude(examples__trope=trope).select_related("page")[:missing]
    rows = [
        {
            "trope": trope.page.name,
            "work": w.page.full_name,
            "text": f"{w.page.title} uses this trope.",
        }
        for w in works
    ]
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for name in ("tropes.jsonl", "works.jsonl"):
            (folder / name).write_text("")
        (folder / "examples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        Importer(folder, progress=ProgressBar(out)).run()
