"""A page's discussion: its threads, a thread's posts, opening threads, replying and editing.

Moderators' actions are in `discussion_moderation.py`. Anyone reads; members post.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.access import edits_limited, rate_limited
from wiki import paging
from wiki.discussions import held, threads
from wiki.discussions.boxes import boxes_for
from wiki.models import Page, PendingChange, Post, Thread, ThreadFollow
from wiki.models.discussion import POST_MAX_LENGTH, POSTS_PER_PAGE, TITLE_MAX_LENGTH
from wiki.moderation import WAITING
from wiki.views.access import page_for

THREADS_PER_PAGE = 50
THREAD_MAX_PAGES = 100  # 5,000 threads on one page's discussion, 5,000 posts in one thread
POST_MAX_PAGES = 100

posts_limited = rate_limited("post", "POST_RATE_LIMIT", "posts")


class PostForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=POST_MAX_LENGTH,
        help_text="Markup as on pages; hide what would spoil a story as [[spoiler:this]].",
    )


class ThreadForm(PostForm):
    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    field_order = ["title", "text"]
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    change = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean(self):
        """What the thread is about: a revision of this page, or a change held on it."""
        cleaned = super().clean()
        revision, change = cleaned.get("revision"), cleaned.get("change")
        cleaned["about"] = None
        if revision:
            cleaned["about"] = self.page.history.filter(history_id=revision).first()
            if cleaned["about"] is None:
                raise ValidationError("This page has no such revision.")
        elif change:
            cleaned["about"] = PendingChange.objects.filter(pk=change, page=self.page).first()
            if cleaned["about"] is None:
                raise ValidationError("No such change is waiting on this page.")
        return cleaned


def discussion(request, namespace, name):
    page = _discussed(request, namespace, name)
    if not isinstance(page, Page):
        return page
    listed = (
        Thread.objects.on(page)
        .listed()
        .select_related("author")
        .annotate(replies=Count("posts", filter=Q(posts__hidden=False, posts__opening=False)))
    )
    threads_shown = paging.page_of(
        listed, THREADS_PER_PAGE, request.GET.get("page"), THREAD_MAX_PAGES
    )
    context = {
        "page": page,
        "page_obj": threads_shown,
        "boxes": boxes_for(request, page),
        "form": ThreadForm(page=page, initial=_about_initial(request))
        if _may_post(request)
        else None,
    }
    return render(request, "wiki/discussion.html", context)


@login_required
@posts_limited
def new_thread(request, namespace, name):
    page = page_for(request, namespace, name, roles.DISCUSS)
    form = ThreadForm(request.POST or None, page=page, initial=_about_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "title": data["title"],
            "author": request.user,
            "text": data["text"],
            "about": data["about"],
        }
        if held.must_wait(request.user, data["text"]):
            change = held.hold_thread(page, **values)
            messages.info(request, WAITING)
            return redirect(change)
        thread = threads.open_thread(page, **values)
        return redirect(thread)
    status = 400 if form.is_bound else 200
    return render(request, "wiki/thread_new.html", {"page": page, "form": form}, status=status)


def thread(request, namespace, name, pk):
    page = _discussed(request, namespace, name)
    if not isinstance(page, Page):
        return page
    found = get_object_or_404(
        Thread.objects.select_related("page", "about_change", "about_revision"), pk=pk
    )
    if found.page_id != page.pk:  # moved since the link was made
        return redirect(found)
    found.page = page
    posts = Post.objects.filter(thread=found).in_order().select_related("author", "hidden_by")
    shown = paging.page_of(posts, POSTS_PER_PAGE, request.GET.get("page"), POST_MAX_PAGES)
    moderator = roles.has(request.user, roles.MODERATE_DISCUSSIONS)
    context = {
        "page": page,
        "thread": found,
        "page_obj": shown,
        "moderator": moderator,
        "may_reply": _may_post(request) and (not found.locked or moderator),
        "form": PostForm(),
        "following": request.user.is_authenticated
        and ThreadFollow.objects.filter(user=request.user, thread=found).exists(),
        "user_pk": request.user.pk,
    }
    return render(request, "wiki/thread.html", context)


@require_POST
@login_required
@posts_limited
def reply(request, namespace, name, pk):
    page = page_for(request, namespace, name, roles.DISCUSS)
    found = get_object_or_404(Thread, pk=pk, page=page)
    found.page = page
    if found.locked and not roles.has(request.user, roles.MODERATE_DISCUSSIONS):
        raise PermissionDenied("This thread is locked: only moderators may reply.")
    form = PostForm(request.POST)
    if not form.is_valid():
        context = {"page": page, "thread": found, "form": form}
        return render(request, "wiki/post_form.html", context, status=400)
    text = form.cleaned_data["text"]
    if held.must_wait(request.user, text):
        change = held.hold_reply(found, author=request.user, text=text)
        messages.info(request, WAITING)
        return redirect(change)
    post = threads.reply(found, author=request.user, text=text)
    return redirect(post.get_absolute_url())


@login_required
@posts_limited
def edit_post(request, pk):
    """A member edits their own post; each edit is a revision of it."""
    post = get_object_or_404(Post.objects.select_related("thread__page"), pk=pk)
    access.check(request.user, roles.DISCUSS)
    if post.author_id != request.user.pk or post.hidden:
        raise PermissionDenied("Only its author may edit a post, and not once it is hidden.")
    if post.thread.locked and not roles.has(request.user, roles.MODERATE_DISCUSSIONS):
        raise PermissionDenied("This thread is locked: its posts can no longer be changed.")
    form = PostForm(request.POST or None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        # Else a first post could go live without links and have them added once it is.
        if held.must_wait(request.user, text):
            form.add_error("text", "Links to other sites come in a new post, reviewed first.")
        else:
            threads.edit_post(post, editor=request.user, text=text)
            return redirect(post.get_absolute_url())
    context = {"page": post.thread.page, "thread": post.thread, "post": post, "form": form}
    return render(request, "wiki/post_form.html", context, status=400 if form.is_bound else 200)


def post(request, pk):
    """A post's lasting address: its thread's page of posts, at its anchor."""
    found = get_object_or_404(Post.objects.select_related("thread__page"), pk=pk)
    return redirect(found.get_absolute_url())


def post_history(request, pk):
    """A post's revisions, newest first; a hidden post's only to moderators."""
    post = get_object_or_404(Post.objects.select_related("thread__page"), pk=pk)
    if post.hidden and not roles.has(request.user, roles.MODERATE_DISCUSSIONS):
        raise Http404("No such post.")
    revisions = post.history.select_related("history_user").order_by("-history_id")[:100]
    return render(request, "wiki/post_history.html", {"post": post, "revisions": revisions})


@require_POST
@login_required
@edits_limited
def follow_thread(request, namespace, name, pk):
    page = page_for(request, namespace, name)
    found = get_object_or_404(Thread, pk=pk, page=page)
    found.page = page
    following = threads.follow_thread(request.user, found)
    messages.success(
        request, "You follow this thread." if following else "You no longer follow this thread."
    )
    return redirect(found)


def _discussed(request, namespace, name):
    """The page whose discussion is asked for, or a redirect to where it is now."""
    page = Page.objects.by_key(namespace, name).first()
    if page is None:
        raise Http404("No such page.")
    if page.redirect_to_id or (namespace, name) != (page.namespace, page.name):
        target = page.redirect_to if page.redirect_to_id else page
        tail = request.path.split("/discussion", 1)[1]
        return redirect(reverse("wiki:discussion", args=[target.namespace, target.name]) + tail)
    return page


def _may_post(request):
    return request.user.is_authenticated and not roles.refusal(request.user, roles.DISCUSS)


def _about_initial(request):
    """A new thread about an edit: the revision or change the link to the form names."""
    initial = {}
    for name in ("revision", "change"):
        value = request.GET.get(name, "")
        if value.isascii() and value.isdigit() and len(value) < 19:
            initial[name] = int(value)
    return initial
