from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wiki.models import Link, Page


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "namespace", "name", "kind", "redirect_to", "updated"]
    list_filter = ["kind", "namespace"]
    search_fields = ["title", "name"]
    list_select_related = ["redirect_to"]
    raw_id_fields = ["redirect_to"]
    date_hierarchy = "updated"
    fieldsets = [
        (None, {"fields": ["namespace", "name", "title", "kind", "body"]}),
        ("Image and quote", {"fields": ["image", "image_caption", "image_alt", "quote",
                                         "quote_attribution"]}),
        ("Redirect", {"fields": ["redirect_to"], "classes": ["collapse"]}),
    ]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["from_page", "to_key", "origin"]
    search_fields = ["to_key", "from_page__name"]
    list_select_related = ["from_page"]
    raw_id_fields = ["from_page"]
