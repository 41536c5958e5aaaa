from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin

from accounts import roles
from accounts.models import ModeratorAction
from wiki import diffs, markup, moderation, review
from wiki.models import Link, Page, PendingChange

PROTECTION_FIELDS = {"protection", "protection_reason", "protection_expires"}


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "namespace", "name", "kind", "protection", "redirect_to", "updated"]
    list_filter = ["kind", "protection", "namespace"]
    search_fields = ["title", "name"]
    list_select_related = ["redirect_to"]
    raw_id_fields = ["redirect_to"]
    date_hierarchy = "updated"
    fieldsets = [
        (None, {"fields": ["namespace", "name", "title", "kind", "body"]}),
        ("Image and quote", {"fields": ["image", "image_caption", "image_alt", "quote",
                                         "quote_attribution"]}),
        ("Redirect", {"fields": ["redirect_to"], "classes": ["collapse"]}),
        ("Protection", {"fields": ["protection", "protection_reason", "protection_expires"]}),
    ]

    def save_model(self, request, page, form, change):
        protection_changed = bool(PROTECTION_FIELDS & set(form.changed_data))
        if change and set(form.changed_data) <= PROTECTION_FIELDS:
            page.skip_history_when_saving = True  # protection is logged, it is not content
        super().save_model(request, page, form, change)
        if protection_changed:
            until = (f" until {page.protection_expires:%Y-%m-%d %H:%M}"
                     if page.protection_expires else "")
            ModeratorAction.record(
                request.user, ModeratorAction.Kind.PROTECT, page,
                reason=f"{page.get_protection_display()}{until}. {page.protection_reason}".strip(),
            )


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["from_page", "to_key", "origin"]
    search_fields = ["to_key", "from_page__name"]
    list_select_related = ["from_page"]
    raw_id_fields = ["from_page"]


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The review queue: oldest first, each opened on a screen with its diff."""

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

    def has_view_permission(self, request, obj=None):
        return roles.has(request.user, roles.REVIEW)

    def has_module_permission(self, request):
        return roles.has(request.user, roles.REVIEW)

    def has_change_permission(self, request, obj=None):
        return roles.has(request.user, roles.REVIEW)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method == "POST":
            answer = review.decide(request, change)
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
            "reject_reasons": review.REJECT_REASONS,
        }
        return TemplateResponse(request, "admin/wiki/pendingchange/review.html", context)

    @admin.action(description="Approve the selected changes")
    def approve_selected(self, request, queryset):
        review.approve_many(request, queryset)

    @admin.action(description="Reject the selected changes…")
    def reject_selected(self, request, queryset):
        return review.reject_many(request, queryset)
