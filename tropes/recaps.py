"""What recap pages show: an installment's page (its summary, its tropes, Previous/Next), and
a work's Recap subpage (every installment, in order); and the "recap" kind of page, as the
engine knows it (registered by tropes.kinds)."""

import wiki.kinds
from tropes import installments
from tropes.installment_forms import InstallmentFieldsForm
from tropes.models import Installment, SubpageKind
from tropes.subpages import family, presenting
from wiki.kinds import HistorySource, KindHooks


def register():
    wiki.kinds.register(
        Installment.KIND,
        KindHooks(
            label="Recap",
            presenter=present_installment,
            related="installment",
            extra_form=InstallmentFieldsForm,
            history=installment_history,
            namespaces=(installments.NAMESPACE,),
        ),
    )
    presenting.register_structure(SubpageKind.Structure.RECAPS, present_recaps)
    installments.register_handler()


def present_installment(request, page):
    installment = getattr(page, "installment", None)
    if installment is None:  # a page marked as a recap before its installment record exists
        return "wiki/page.html", {}
    shown = installments.around(installment, with_tropes=True)
    # The work's tab bar, with Recap marked as the section this page is in.
    bar = family.tab_bar(installment.work_id, page.pk, within=SubpageKind.Structure.RECAPS)
    label = f"{installment.label} · " if installment.label else ""
    return "tropes/installment.html", {
        "installment": installment,
        "work_page": shown.work,
        "previous": shown.previous,
        "next": shown.next,
        "tropes": shown.tropes,
        "subtitle": f"{label}recap of {shown.work.title}",
        **bar.context(),
    }


def present_recaps(request, page, subpage):
    """A work's Recap subpage (registered with tropes.subpages.presenting for its structure):
    its text, then every installment in order."""
    kind = subpage.kind
    return "tropes/recap_list.html", {
        "subpage": subpage,
        "subpage_kind": kind,
        "spoilers_shown": kind.spoilers == kind.Spoilers.SHOWN,
        "installments": installments.listed(subpage.work_id),
    }


def installment_history(page):
    return [
        HistorySource(
            Installment.history.filter(page_id=page.pk), None, lambda r: "number and label"
        )
    ]
