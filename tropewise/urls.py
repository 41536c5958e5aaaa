"""The site's addresses: the admin, accounts, the editor's endpoints, then the apps' pages.

Tropes first: its fixed words (browse, examples, random…) come before the wiki's
/Namespace/Name patterns would read them as namespaces.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from wiki.views import editor

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("moderation/log", accounts_views.moderation_log, name="moderation_log"),
    # The editor's preview and uploads need an account and are rate limited.
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
    path("", include("tropes.urls")),
    path("", include("wiki.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
