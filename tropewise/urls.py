"""The site's addresses: the admin, accounts, the editor's endpoints, then the apps' pages.

Tropes first: its fixed words (browse, examples, random…) come before the wiki's
/Namespace/Name patterns would read them as namespaces.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from tropewise import health
from wiki.views import editor

# A database out of reach answers 503 with Retry-After; any other error the plain 500 page.
handler500 = "tropewise.outages.server_error"

urlpatterns = [
    # The balancer's checks: health.answer_checks answers them before any other middleware.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("moderation/log", accounts_views.moderation_log, name="moderation_log"),
    # The editor's preview and uploads need an account and are rate limited.
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
    # The read API, before the apps' pages, whose patterns would read "api" as a namespace.
    path("api/v1/", include("tropes.api.urls")),
    path("", include("tropes.urls")),
    path("", include("wiki.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
