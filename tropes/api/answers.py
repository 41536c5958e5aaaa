"""What every answer of the API carries: an ETag, with 304 for a client that has it already,
and cache headers saying the answer is the same for everyone but must be revalidated."""

import hashlib
from typing import Any

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class ReadView(APIView):
    """A view of the API: GET (and HEAD) only, anything else 405; anonymous, so no session is
    read and no CSRF token needed, nothing here writes."""

    http_method_names = ["get", "head", "options"]

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response) or response.status_code != 200:
            return response
        response.render()
        # Weak: the same JSON whatever compression a proxy gives it on the way.
        etag = f'W/"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=0)
        answer = get_conditional_response(request._request, etag=etag, response=response)
        return answer
