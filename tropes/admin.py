from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import ContentAdmin, ReadOnlyAdmin
from tropes import context_flags
from tropes.models import (
    Character,
    ContextFlag,
    Example,
    ExampleVote,
    Subpage,
    SubpageKind,
    Trope,
    Work,
)


class ExampleCountMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).annotate(example_count=Count("examples"))

    @admin.display(ordering="example_count")
    def example_count(self, obj):
        return obj.example_count


@admin.register(Work)
class WorkAdmin(ContentAdmin, ExampleCountMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "medium", "year", "example_count"]
    list_filter = ["page__namespace"]
    search_fields = ["page__title", "page__name"]
    list_select_related = ["page"]
    raw_id_fields = ["page"]


@admin.register(Trope)
class TropeAdmin(ContentAdmin, ExampleCountMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "laconic", "kind", "example_rule", "example_count"]
    list_filter = ["kind", "example_rule"]
    search_fields = ["page__title", "page__name", "laconic"]
    list_select_related = ["page"]
    raw_id_fields = ["page"]


@admin.register(Example)
class ExampleAdmin(ContentAdmin, SimpleHistoryAdmin):
    list_display = ["trope", "work", "rating_average", "rating_count", "updated"]
    list_filter = ["work__page__namespace"]
    search_fields = ["trope__page__title", "work__page__title", "text"]
    list_select_related = ["trope__page", "work__page"]
    raw_id_fields = ["trope", "work"]
    readonly_fields = ["rating_average", "rating_count"]


@admin.register(ContextFlag)
class ContextFlagAdmin(ContentAdmin, admin.ModelAdmin):
    """Members' flags on examples lacking context, read-only: a moderator removes one (its
    note abusive, say) through tropes.context_flags, which keeps the example's count."""

    list_display = ["example", "user", "note", "created"]
    search_fields = ["note", "user__username", "example__trope__page__title"]
    list_select_related = ["example__trope__page", "example__work__page", "user"]
    raw_id_fields = ["example", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        context_flags.withdraw(obj.example, obj.user)

    def delete_queryset(self, request, queryset):
        for flag in queryset.select_related("example", "user"):
            context_flags.withdraw(flag.example, flag.user)


@admin.register(ExampleVote)
class ExampleVoteAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Votes change only through tropes.votes, which keeps each example's average in step."""

    list_display = ["example", "user", "value", "updated"]
    list_filter = ["value"]
    search_fields = ["user__username", "example__trope__page__title", "example__work__page__title"]
    list_select_related = ["example__trope__page", "example__work__page", "user"]
    raw_id_fields = ["example", "user"]


@admin.register(SubpageKind)
class SubpageKindAdmin(ContentAdmin, admin.ModelAdmin):
    """The kinds of subpage works may have, edited by moderators; every tab bar follows."""

    list_display = ["name", "namespace", "icon", "order", "spoilers", "structure", "accepts"]

    def get_readonly_fields(self, request, obj=None):
        # Its pages live in its namespace: they are moved one by one, not by renaming it.
        return ["namespace"] if obj is not None and obj.subpages.exists() else []


@admin.register(Subpage)
class SubpageAdmin(ContentAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "work", "kind"]
    list_filter = ["kind"]
    search_fields = ["page__title", "work__page__title"]
    list_select_related = ["page", "work__page", "kind"]
    raw_id_fields = ["page", "work"]


@admin.register(Character)
class CharacterAdmin(ContentAdmin, SimpleHistoryAdmin):
    """A work's characters, which editors change on its Characters page; staff here too (an
    image uploaded as a file, say)."""

    list_display = ["name", "work", "folder", "order", "name_is_spoiler"]
    list_filter = ["name_is_spoiler"]
    search_fields = ["name", "folder", "work__page__title"]
    list_select_related = ["work__page"]
    raw_id_fields = ["work"]
    readonly_fields = ["anchor"]
