"""The demo's repair shop (repair.toml): a case about a trope, with a wick check its checkers
labelled and saved as a report attached to the case.

Made through the repair shop's own services. Only what is missing is made: once the trope has
a case, nothing is made again.
"""

import tomllib
from itertools import cycle
from pathlib import Path

from tropes.models import RepairCase, Trope
from tropes.repair import cases, wicks
from wiki.models import MAIN, page_key

HERE = Path(__file__).resolve().parent
VERDICTS = {"c": "correct", "m": "misuse", "u": "unclear"}


def load(accounts):
    """Make what is missing; {what: how many were made}."""
    with open(HERE / "repair.toml", "rb") as file:
        data = tomllib.load(file)
    item = data["case"]
    trope = Trope.objects.filter(page__key=page_key(MAIN, item["trope"])).first()
    if trope is None or RepairCase.objects.filter(page=trope.page).exists():
        return {"repair cases": 0}
    case = cases.propose(trope.page, item["kind"], item["reason"].strip(), accounts[item["author"]])
    check = wicks.open_check(trope.page) or wicks.start(trope.page, accounts[item["author"]], case)
    items = list(check.items.order_by("position").values_list("pk", flat=True))
    for handle, labels in data["wick_check"]["labels"].items():
        verdicts = {pk: (VERDICTS[label], "") for pk, label in zip(items, cycle(labels))}
        wicks.label(check, accounts[handle], verdicts)
    if items:
        wicks.save_report(check, accounts[item["author"]], case)
    return {"repair cases": 1}
