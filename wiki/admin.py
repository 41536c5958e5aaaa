from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Count, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin

from accounts import access, roles
from accounts.admin_access import ContentAdmin, RoleAdmin
from accounts.models import ModeratorAction
from wiki import diffs, freshness, kinds, markup, moderation
from wiki.models import Link, Page, PendingChange, Post, Report, ReportCase, Thread
from wiki.moderation import reports

PROTECTION_FIELDS = {"protection", "protection_reason", "protection_expires"}
REJECT_REASONS = [
    "Not an improvement",
    "Vandalism or nonsense",
    "Spoilers outside spoiler tags",
    "Copied from elsewhere",
    "Zero-context or off-topic example",
]
REVIEW_QUEUE = "admin:wiki_pendingchange_changelist"


class PageAdminForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=kinds.choices)  # the kinds apps register (wiki.kinds)


@admin.register(Page)
class PageAdmin(ContentAdmin, SimpleHistoryAdmin):
    form = PageAdminForm
    list_display = ["title", "namespace", "name", "kind", "protection", "redirect_to", "updated"]
    list_filter = ["kind", "protection", "namespace"]
    search_fields = ["title", "name"]
    list_select_related = ["redirect_to"]
    raw_id_fields = ["redirect_to"]
    date_hierarchy = "updated"
    fieldsets = [
        (None, {"fields": ["namespace", "name", "title", "kind", "body"]}),
        (
            "Image and quote",
            {"fields": ["image", "image_caption", "image_alt", "quote", "quote_attribution"]},
        ),
        ("Redirect", {"fields": ["redirect_to"], "classes": ["collapse"]}),
        ("Protection", {"fields": ["protection", "protection_reason", "protection_expires"]}),
    ]

    def save_model(self, request, page, form, change):
        protection_changed = bool(PROTECTION_FIELDS & set(form.changed_data))
        if change and set(form.changed_data) <= PROTECTION_FIELDS:
            page.skip_history_when_saving = True  # protection is logged, it is not content
        old_key = Page.objects.values_list("key", flat=True).get(pk=page.pk) if change else None
        super().save_model(request, page, form, change)
        if change:  # any field may have changed, here or by reverting to a past revision
            freshness.page_renamed(page, old_key)
        if protection_changed:
            until = (
                f" until {page.protection_expires:%Y-%m-%d %H:%M}"
                if page.protection_expires
                else ""
            )
            ModeratorAction.record(
                request.user,
                ModeratorAction.Kind.PROTECT,
                page,
                reason=f"{page.get_protection_display()}{until}. {page.protection_reason}".strip(),
            )


@admin.register(Link)
class LinkAdmin(ContentAdmin, admin.ModelAdmin):
    list_display = ["from_page", "to_key", "origin"]
    search_fields = ["to_key", "from_page__name"]
    list_select_related = ["from_page"]
    raw_id_fields = ["from_page"]


@admin.register(PendingChange)
class PendingChangeAdmin(RoleAdmin, admin.ModelAdmin):
    """The review queue: oldest first, each opened on a screen with its diff."""

    permission = roles.REVIEW
    list_display = ["description", "author", "age", "size", "summary", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["author"]
    search_fields = ["description", "summary", "author__username"]
    actions = ["approve_selected", "reject_selected"]

    @admin.display(description="waiting", ordering="created")
    def age(self, change):
        return timesince(change.created)

    @admin.display(description="size", ordering="size_change")
    def size(self, change):
        return f"{change.size_change:+d}"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("status", "created")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # This screen replaces Django's form view, and with it Django's permission check.
        access.check(request.user, roles.REVIEW)
        change = self.get_object(request, object_id)
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "POST":
            answer = self._decide(request, change)
            if answer is not None:
                return answer
        old, new = moderation.review_texts(change)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review: {change}",
            "change": change,
            "rows": diffs.diff_rows(old, new),
            "proposed_html": markup.render(new),
            "reject_reasons": REJECT_REASONS,
            "threads": list(Thread.objects.about_change(change)),
        }
        return TemplateResponse(request, "admin/wiki/pendingchange/review.html", context)

    @admin.action(description="Approve the selected changes")
    def approve_selected(self, request, queryset):
        approved, skipped = 0, []
        for change in queryset:
            try:
                moderation.approve(change, request.user)
                approved += 1
            except (moderation.Conflict, moderation.NotPending):
                skipped.append(str(change))
        messages.success(request, f"{approved} change(s) approved.")
        if skipped:
            messages.warning(
                request,
                "Not approved (conflicting or already reviewed; open "
                "them one by one): " + "; ".join(skipped),
            )

    @admin.action(description="Reject the selected changes…")
    def reject_selected(self, request, queryset):
        """Ask for one reason, then reject every selected change with it."""
        reason = ask_note(
            request,
            queryset,
            "reject_selected",
            "Reject them",
            "These changes will be rejected, and each author told the reason:",
            "Reason",
            REJECT_REASONS,
            REVIEW_QUEUE,
        )
        if not isinstance(reason, str):
            return reason
        rejected = 0
        for change in queryset:
            try:
                moderation.reject(change, request.user, reason)
                rejected += 1
            except moderation.NotPending:
                pass
        messages.success(request, f"{rejected} change(s) rejected; their authors have been told.")
        return None

    def _decide(self, request, change):
        """Approve or reject `change` as the review screen's POST asks; None to show it again."""
        comment = request.POST.get("comment", "").strip()[:1000]
        if "_reject" in request.POST:
            reason = " ".join(filter(None, [request.POST.get("reason", ""), comment]))
            if not reason:
                messages.error(request, "Say why the change is rejected: the author is told.")
                return None
            return self._answer(
                request,
                lambda: moderation.reject(change, request.user, reason),
                "Rejected; the author has been told why.",
            )
        if "_approve" in request.POST:
            return self._answer(
                request,
                lambda: moderation.approve(change, request.user, comment),
                "Approved; the change is live.",
            )
        return None

    def _answer(self, request, act, done):
        try:
            act()
        except moderation.NotPending:
            messages.warning(request, "Someone reviewed this change already.")
        except moderation.Conflict:
            messages.error(
                request,
                "This change overlaps edits made since it was proposed, so it cannot be applied "
                "as it is. Merge it by hand (link below), or reject it with a reason.",
            )
            return None
        else:
            messages.success(request, done)
        return redirect(REVIEW_QUEUE)


def ask_note(request, queryset, action, title, intro, label, suggestions, back):
    """The note an admin action needs: the text once given, else the page asking for it."""
    note = request.POST.get("note", "").strip()[:1000]
    if "confirm" in request.POST and note:
        return note
    return TemplateResponse(
        request,
        "admin/wiki/confirm_with_note.html",
        {
            "items": queryset,
            "action": action,
            "title": title,
            "intro": intro,
            "label": label,
            "suggestions": suggestions,
            "missing": "confirm" in request.POST,
            "back": reverse(back),
        },
    )


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["created", "reporter", "reason", "details"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportCase)
class ReportCaseAdmin(RoleAdmin, admin.ModelAdmin):
    """Reports, one row per reported thing however often it was reported."""

    permission = roles.RESOLVE_REPORTS
    list_display = ["reported", "report_count", "reasons", "created", "status", "resolver"]
    list_filter = ["status"]
    search_fields = ["label", "reports__details"]
    readonly_fields = ["subject", "label", "url", "status", "resolver", "note", "created", "closed"]
    inlines = [ReportInline]
    actions = ["resolve", "dismiss"]

    @admin.display(description="reported", ordering="label")
    def reported(self, case):
        return format_html('<a href="{}">{}</a>', case.url, case.label)

    @admin.display(description="reports", ordering="report_count")
    def report_count(self, case):
        return case.report_count

    @admin.display(description="reasons")
    def reasons(self, case):
        labels = dict(Report.Reason.choices)
        return ", ".join(sorted({labels[r.reason] for r in case.reports.all()}))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("resolver")
            .prefetch_related("reports")
            .annotate(report_count=Count("reports"))
            .alias(open_first=Case(When(status=ReportCase.Status.OPEN, then=0), default=1))
            .order_by("open_first", "created")
        )

    @admin.action(description="Resolve the selected reports…")
    def resolve(self, request, queryset):
        return self._close(request, queryset, ReportCase.Status.RESOLVED, "resolve")

    @admin.action(description="Dismiss the selected reports…")
    def dismiss(self, request, queryset):
        return self._close(request, queryset, ReportCase.Status.DISMISSED, "dismiss")

    def _close(self, request, queryset, status, action):
        note = ask_note(
            request,
            queryset,
            action,
            f"{action.capitalize()} them",
            f"These reports will be marked {status}:",
            "Note",
            ["Fixed", "Reverted the vandalism", "Not a problem", "Duplicate"],
            "admin:wiki_reportcase_changelist",
        )
        if not isinstance(note, str):
            return note
        closed = sum(reports.close(case, request.user, status, note) for case in queryset)
        messages.success(request, f"{closed} report(s) {status}.")
        return None


class DiscussionAdmin(RoleAdmin, admin.ModelAdmin):
    """Discussions read in the admin: moderators act on them on the site, where each action is
    logged; nothing is changed or deleted here."""

    permission = roles.MODERATE_DISCUSSIONS

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(DiscussionAdmin):
    list_display = ["title", "page", "author", "last_posted", "locked", "pinned", "resolved"]
    list_filter = ["locked", "pinned", "resolved"]
    list_select_related = ["page", "author"]
    search_fields = ["title", "page__title"]

    def view_on_site(self, thread):
        return thread.get_absolute_url()


@admin.register(Post)
class PostAdmin(DiscussionAdmin):
    list_display = ["__str__", "author", "created", "edited", "hidden", "hidden_reason"]
    list_filter = ["hidden"]
    list_select_related = ["thread", "author"]
    search_fields = ["plain", "author__username", "thread__title"]
    exclude = ["vector"]

    def view_on_site(self, post):
        return reverse("wiki:post", args=[post.pk])
