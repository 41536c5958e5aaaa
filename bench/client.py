"""One request at a time to a server under test, on a connection of its own."""

import http.client
from urllib.parse import urlencode, urlsplit


class Response:
    def __init__(self, status, headers, body):
        self.status, self.body = status, body
        self.queries = int(headers.get("X-Queries", 0))
        self.location = headers.get("Location", "")


def request(url, method="GET", headers=None, body=None):
    parts = urlsplit(url)
    client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    client.request(method, path, body=body, headers=headers or {})
    response = client.getresponse()
    result = Response(response.status, dict(response.getheaders()), response.read())
    client.close()
    return result


def post(url, member, fields, headers=None):
    """A form posted by `member`, with their CSRF token."""
    return request(
        url,
        "POST",
        {
            **member.headers,
            "X-CSRFToken": member.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
            **(headers or {}),
        },
        urlencode(fields),
    )
