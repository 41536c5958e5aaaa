"""Adding an installment's recap page to a work, from its Recap subpage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from accounts import roles
from accounts.access import edits_limited, requires
from tropes import installments
from tropes.installment_forms import NewInstallmentForm
from tropes.models import Subpage, SubpageKind
from wiki import moderation
from wiki.models import page_key


@requires(roles.EDIT)
@edits_limited
def new(request, namespace, name):
    subpage = get_object_or_404(
        Subpage.objects.select_related("page", "work__page"),
        page__key=page_key(namespace, name),
        kind__structure=SubpageKind.Structure.RECAPS,
    )
    work = subpage.work
    initial = {"number": installments.next_number(work)}
    form = NewInstallmentForm(request.POST or None, work=work, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = moderation.save_or_hold(
                request.user,
                [subpage.page],
                installments.create_installment,
                installments.hold_new_installment,
                work,
                data["number"],
                data["label"],
                data["title"],
                data["summary"],
                request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if made is moderation.HELD:
                messages.info(request, moderation.WAITING)
                return redirect(subpage.page)
            messages.success(request, "Recap added.")
            return redirect(made.page)
    context = {
        "subpage": subpage,
        "page": subpage.page,
        "form": form,
        "will_wait": not moderation.goes_live(request.user, subpage.page),
    }
    status = 400 if form.is_bound else 200
    return render(request, "tropes/installment_form.html", context, status=status)
