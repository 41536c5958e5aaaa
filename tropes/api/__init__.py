"""The read API, /api/v1/: pages, works, tropes, examples, histories, recent changes, search
and Go To as JSON, for anyone, read only (Django REST framework; the schema and its docs page
by drf-spectacular). It lives in tropes because it shows works and tropes beside the engine's
pages; the engine knows nothing of it.

- `texts`: every text twice, as HTML with spoilers marked and as plain text without them;
- `cursors`: lists read a screen at a time by key, through opaque cursors;
- `reading`: what each resource reads, in a fixed number of queries whatever its size;
- `serializers`: the shapes of the answers, which the schema is generated from;
- `answers`: ETags and 304s, the cache headers, the rate limit;
- `views`, `urls`: thin views over the rest.
"""
