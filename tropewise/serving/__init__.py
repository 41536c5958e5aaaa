"""What answers before and around Django: whole pages kept for anonymous readers
(pagecache) and what members share of them (members), replayed before Django runs (replay)
under the same request rules (rules), pages' stamps published to Redis (stamps) and struck
off the list of unpublished ones once the answer has gone (after_answer), read replicas
(replicas), the Redis client (redis) and the id each request is answered and logged with
(requestid).

Only the project's settings, urls and wsgi import it; the apps declare what they need
(wiki.kept_pages, wiki.freshness's signals) without knowing it is here.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

# What a middleware wraps: the rest of the chain, down to the view.
GetResponse = Callable[[HttpRequest], HttpResponseBase]


class ViewMiddleware:
    """A middleware that acts in `process_view` alone: the chain runs through it unchanged."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)
