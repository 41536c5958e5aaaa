from accounts import roles


def reading_preferences(request):
    """Spoilers and theme: the user's preferences when signed in, cookies otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {
            "show_spoilers": user.show_spoilers,
            "theme": user.theme,
            "folders_open": user.folders_open,
        }
    return cookie_preferences(request.COOKIES)


def cookie_preferences(cookies):
    """An anonymous reader's preferences from their cookies, any other value read as the
    default. The page cache keeps copies by these, not by the raw cookies."""
    theme = cookies.get("theme")
    return {
        "show_spoilers": cookies.get("show_spoilers") == "1",
        "theme": theme if theme in ("light", "dark") else "system",
    }


def member(request):
    """The signed-in member's unread notices and standing, queried only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notices": lambda: list(user.notices.unread()[:5]),
        "is_trusted": lambda: roles.has(user, roles.EDIT_LIVE),
    }
