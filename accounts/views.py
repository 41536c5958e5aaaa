from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts import confirmation, lockout, ratelimit
from accounts.access import edits_limited, password_checks_limited
from accounts.forms import (
    ConfirmedEmailPasswordResetForm,
    EmailChangeForm,
    PreferencesForm,
    SignUpForm,
)
from accounts.models import ModeratorAction, Notice, User
from accounts.signals import members_changed

PREFERENCE_COOKIE_AGE = 365 * 86400
LOG_PER_PAGE = 50
LOG_MAX_PAGES = 100


def signup(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        if not ratelimit.allow("signup", ip, settings.SIGNUP_RATE_LIMIT, period=3600):
            return ratelimit.too_many_requests(request, "sign-ups")
        with transaction.atomic():  # the account, its role and its confirmation mail
            user = form.save()
            confirmation.send_confirmation(user)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.info(request, f"Welcome! We sent a link to {user.email} to confirm it.")
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def token_for_members(view):
    """CSRF protection for members; for anonymous readers, a check that the request came from
    this site's own pages. Their preference is a cookie on their own browser, and their pages,
    shared by every reader and kept in caches, carry no token to send; but another site must
    not be able to switch their spoilers on."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        if not sent_from_this_site(request):
            raise PermissionDenied("Preferences can only be changed from Tropewise's own pages.")
        return view(request, *args, **kwargs)

    return wrapper


def sent_from_this_site(request):
    """Whether the browser says the request came from one of our pages: by Sec-Fetch-Site
    where it sends it, otherwise by Origin or, failing that, Referer (sent to our own site,
    Referrer-Policy being same-origin). A request with none of them is refused."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")  # "none": typed or bookmarked
    sender = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(sender)
    origin = f"{parts.scheme}://{parts.netloc}"
    own = f"{request.scheme}://{request.get_host()}"
    return bool(parts.netloc) and origin in {own, *settings.CSRF_TRUSTED_ORIGINS}


@require_POST
@token_for_members
@edits_limited
def set_spoilers(request):
    """Show or hide every spoiler on every page."""
    show = request.POST.get("show") == "1"
    return _remember(request, "show_spoilers", show, cookie_value="1" if show else "0")


@require_POST
@token_for_members
@edits_limited
def set_theme(request):
    theme = request.POST.get("theme")
    if theme not in User.Theme.values:
        return HttpResponseBadRequest("Unknown theme.")
    return _remember(request, "theme", theme, cookie_value=theme)


def _remember(request, name, value, cookie_value):
    """A preference of the signed-in user, or a cookie for an anonymous reader."""
    response = redirect(_next_url(request) or "/")
    if request.user.is_authenticated:
        setattr(request.user, name, value)
        request.user.save(update_fields=[name])
    else:
        response.set_cookie(
            name,
            cookie_value,
            max_age=PREFERENCE_COOKIE_AGE,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    return response


class LoginView(auth_views.LoginView):
    """Sign-in that refuses addresses after repeated failures (see accounts/lockout.py)."""

    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        self.sign_in = lockout.SignIn(request)
        if self.sign_in.refused():
            return ratelimit.too_many_requests(request, "failed sign-ins")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self.sign_in.failed()
        return super().form_invalid(form)


@login_required
@edits_limited
def account(request):
    """The member's own settings: reading preferences, email address and password."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Preferences saved.")
        return redirect("accounts:account")
    return render(
        request, "accounts/account.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@password_checks_limited
def change_email(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _mail_allowed(request, f"user:{request.user.pk}", form.cleaned_data["email"]):
            return ratelimit.too_many_requests(request, "email changes")
        request.user.email = form.cleaned_data["email"]
        request.user.email_confirmed = False
        request.user.save(update_fields=["email", "email_confirmed"])
        confirmation.send_confirmation(request.user)
        messages.info(request, f"We sent a link to {request.user.email} to confirm it.")
        return redirect("accounts:account")
    return render(
        request, "accounts/change_email.html", {"form": form}, status=400 if form.errors else 200
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Reset links by email, as often as MAIL_RATE_LIMIT allows for the address asked for and
    the address asking; the answer is the same whether or not an account has that address."""

    form_class = ConfirmedEmailPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not _mail_allowed(self.request, form.cleaned_data["email"]):
            return ratelimit.too_many_requests(self.request, "password reset emails")
        return super().form_valid(form)


def _mail_allowed(request, *idents):
    """Count one email asked for by the client's address and each of `idents` (an account,
    the address written to); False once any passes MAIL_RATE_LIMIT an hour."""
    idents = [f"ip:{ratelimit.client_ip(request)}", *(ident.lower() for ident in idents)]
    return all(
        ratelimit.allow("mail", ident, settings.MAIL_RATE_LIMIT, period=3600) for ident in idents
    )


@require_POST
@login_required
def resend_confirmation(request):
    waiting = request.user.email and not request.user.email_confirmed
    if waiting and ratelimit.allow("confirm-email", request.user.pk, 3, period=3600):
        confirmation.send_confirmation(request.user)
    messages.info(request, f"We sent a new link to {request.user.email}.")
    return redirect("accounts:account")


def confirm_email(request, token):
    user = confirmation.confirm(User, token)
    if user is None:
        return render(request, "accounts/confirm_email.html", {"failed": True}, status=400)
    return render(request, "accounts/confirm_email.html", {"confirmed": user})


@require_POST
@login_required
@edits_limited
def reset_feed(request):
    """Give the member's private feed a new address, for when the old one has leaked."""
    request.user.reset_feed_key()
    messages.success(request, "Your feed has a new address; the old one no longer works.")
    return redirect(_next_url(request) or "wiki:following")


@require_POST
@login_required
@edits_limited
def read_notices(request):
    request.user.notices.unread().update(read=timezone.now())
    members_changed.send(sender=Notice, user_ids=[request.user.pk])
    return redirect(_next_url(request) or "/")


def moderation_log(request):
    """Every moderator action, newest first, for anyone to read."""
    actions = ModeratorAction.objects.select_related("actor")
    kind = request.GET.get("kind", "")
    if kind in ModeratorAction.Kind.values:
        actions = actions.filter(kind=kind)
    # Pages are read with OFFSET, whose cost grows with the page number: the log shows its
    # newest LOG_MAX_PAGES pages (older actions by kind), and any number past them the last.
    newest = actions[: LOG_PER_PAGE * LOG_MAX_PAGES]
    page = Paginator(newest, LOG_PER_PAGE).get_page(request.GET.get("page"))
    context = {"actions": page, "kinds": ModeratorAction.Kind.choices, "kind": kind}
    return render(request, "accounts/moderation_log.html", context)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""
