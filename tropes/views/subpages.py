"""A work's subpages: creating one from the tab bar's Create menu; and /Laconic/<Name>, the
one-line summaries of the works and tropes of that name."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from accounts import roles
from accounts.access import edits_limited, requires
from tropes.models import Work
from tropes.subpages import creating, family, laconic
from tropes.subpages.forms import NewSubpageForm
from wiki import moderation
from wiki.models import page_key, page_path


@requires(roles.EDIT)
@edits_limited
def new_subpage(request, namespace, name):
    """Create one of the work's subpages (a kind it has none of yet), or keep it for review;
    then write it, in the editor, like any new page."""
    work = get_object_or_404(
        Work.objects.select_related("page"), page__key=page_key(namespace, name)
    )
    form = NewSubpageForm(request.POST or None, work=work, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            page = moderation.save_or_hold(
                request.user,
                [work.page],
                creating.create_subpage,
                creating.hold_new_subpage,
                work,
                form.cleaned_data["kind"],
                request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if page is moderation.HELD:
                messages.info(request, moderation.WAITING)
                return redirect(work.page.get_absolute_url())
            messages.success(request, "Page created. Write it now.")
            return redirect("wiki:edit", page.namespace, page.name)
    status = 400 if form.is_bound else 200
    return render(request, "tropes/subpage_new.html", {"form": form, "work": work}, status=status)


def laconic_page(request, name):
    """The one-line summaries of the tropes and works called `name`, each linking back to
    its page, where it is edited."""
    owners = laconic.owners(name)
    if not owners:
        return render(request, "tropes/laconic.html", {"name": name, "owners": []}, status=404)
    canonical = owners[0].name
    if canonical != name and all(owner.name == canonical for owner in owners):
        return redirect(page_path(family.LACONIC_NAMESPACE, canonical), permanent=True)
    context = {"name": canonical, "owners": owners}
    works = [owner for owner in owners if owner.is_work]
    if len(owners) == 1 and works:  # one work's page: its family's tab bar, on this tab
        context.update(family.tab_bar(works[0].pk, None, laconic_current=True).context())
    return render(request, "tropes/laconic.html", context)
