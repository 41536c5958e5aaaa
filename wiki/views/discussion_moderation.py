"""Moderators in discussions: hiding posts; locking, pinning, resolving and moving threads.
Readers report posts here too, as they report pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.access import edits_limited, rate_limited
from wiki.discussions import moderating
from wiki.models import Page, Post, Thread
from wiki.views.access import page_for
from wiki.views.reports import report_view


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)


class HideForm(forms.Form):
    reason = forms.CharField(max_length=300, help_text="Shown to moderators with the post.")


class MoveForm(ReasonForm):
    to = forms.CharField(
        label="Move to the page", max_length=141, help_text="As Namespace/Name: Main/BigEater."
    )
    field_order = ["to", "reason"]

    def clean_to(self):
        namespace, _, name = self.cleaned_data["to"].strip().strip("/").partition("/")
        page = Page.objects.by_key(namespace, name).articles().first()
        if page is None:
            raise forms.ValidationError("No page of that name (a redirect will not do).")
        return page


@login_required
@rate_limited("report", "REPORT_RATE_LIMIT", "reports")
def report_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__page"), pk=pk)
    access.check(request.user, roles.REPORT)
    if post.hidden and not roles.has(request.user, roles.MODERATE_DISCUSSIONS):
        raise Http404("No such post.")
    label = f"Post by {post.author or 'a former member'} in “{post.thread.title}”"
    return report_view(request, f"post:{post.pk}", label, post.get_absolute_url())


@require_POST
@login_required
@edits_limited
def hide_post(request, pk):
    """Hide a post with a reason: moderators still see it, marked; others do not."""
    post = _moderated_post(request, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        return render(request, "wiki/post_hide.html", {"post": post, "form": form}, status=400)
    if not post.hidden:
        moderating.hide_post(post, request.user, form.cleaned_data["reason"])
    return redirect(post.get_absolute_url())


@require_POST
@login_required
@edits_limited
def show_post(request, pk):
    post = _moderated_post(request, pk)
    form = ReasonForm(request.POST)
    if post.hidden and form.is_valid():
        moderating.show_post(post, request.user, form.cleaned_data["reason"])
    return redirect(post.get_absolute_url())


def _moderated_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__page"), pk=pk)
    access.check(request.user, roles.MODERATE_DISCUSSIONS)
    return post


@require_POST
@login_required
@edits_limited
def switch_thread(request, namespace, name, pk, field):
    """Lock, pin or resolve a thread (`on` says which way); each its own URL."""
    page = page_for(request, namespace, name, roles.MODERATE_DISCUSSIONS)
    thread = get_object_or_404(Thread, pk=pk, page=page)
    thread.page = page
    on = request.POST.get("on") == "1"
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if moderating.switch(thread, field, on, request.user, reason):
        messages.success(request, f"Thread {'' if on else 'no longer '}{field}.")
    return redirect(thread)


@login_required
@edits_limited
def move_thread(request, namespace, name, pk):
    page = page_for(request, namespace, name, roles.MODERATE_DISCUSSIONS)
    thread = get_object_or_404(Thread, pk=pk, page=page)
    thread.page = page
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        moderating.move_thread(thread, to, request.user, form.cleaned_data["reason"])
        thread.page = to
        messages.success(request, f"Thread moved to {to.full_name}.")
        return redirect(thread)
    status = 400 if form.is_bound else 200
    return render(request, "wiki/thread_move.html", {"thread": thread, "form": form}, status=status)
