from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default="/"):
    """Where to go after a POST: the form's `next` if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default
