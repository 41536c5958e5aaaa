"""The API's own rate limit: API_RATE_LIMIT requests a minute from one address, counted in
the `limits` cache with the site's other limits (accounts.ratelimit), which page copies
cannot evict. Past it, 429 with Retry-After."""

import time
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from accounts import ratelimit

SCOPE = "api"
PERIOD = 60


class AddressRateThrottle(BaseThrottle):
    # `view` is an APIView, not imported: DRF imports this module as it defines APIView.
    def allow_request(self, request: Request, view: Any) -> bool:
        address = ratelimit.client_ip(request._request)
        return ratelimit.allow(SCOPE, address, settings.API_RATE_LIMIT, PERIOD)

    def wait(self) -> float:
        """Seconds until the window ends and the count starts again."""
        return PERIOD - time.time() % PERIOD
