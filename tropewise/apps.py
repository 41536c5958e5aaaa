"""The admin's app, installed with the project's own site: its module imports models, so it is
named here and imported once the apps are ready."""

from django.contrib.admin.apps import AdminConfig


class TropewiseAdminConfig(AdminConfig):
    default_site = "tropewise.admin_site.TropewiseSite"
