"""Readers' reports: the form every reportable thing shares, and reporting a page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts import roles
from accounts.access import rate_limited
from wiki.models import Report
from wiki.moderation import reports
from wiki.views.access import page_for


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="What is wrong, and where.",
    )


def report_view(request, subject, label, url):
    """The report form for anything with a subject key, a label and a URL to go back to: pages
    here, and what the apps built on the engine show (examples).

    The views that show it count each report with `rate_limited("report", ...)`.
    """
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reports.file_report(
            subject,
            label,
            url,
            request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["details"],
        )
        messages.success(request, "Thank you. A moderator will look at your report.")
        return redirect(url)
    status = 400 if form.is_bound else 200
    return render(
        request, "wiki/report.html", {"form": form, "label": label, "url": url}, status=status
    )


@login_required
@rate_limited("report", "REPORT_RATE_LIMIT", "reports")
def report_page(request, namespace, name):
    page = page_for(request, namespace, name, roles.REPORT)
    return report_view(
        request, f"page:{page.pk}", f"Page {page.full_name}", page.get_absolute_url()
    )
