"""The admin as Tropewise's moderators see it: branded, and opening on the desk.

The site's doors (closed to site-banned staff) are `accounts.admin_access.StaffSite`; the desk's
queues are the engine's registry, `wiki.moderation.desk`, which the apps fill when ready.
"""

from accounts.admin_access import StaffSite
from wiki.moderation import desk


class TropewiseSite(StaffSite):
    site_header = "Tropewise"
    site_title = "Tropewise admin"
    index_title = "The moderators' desk"
    index_template = "admin/desk.html"

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "desk": desk.waiting_for(request.user)}
        return super().index(request, extra_context)
