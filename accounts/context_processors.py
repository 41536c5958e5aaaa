def reading_preferences(request):
    """Spoilers and theme: the user's preferences when signed in, cookies otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {"show_spoilers": user.show_spoilers, "theme": user.theme}
    theme = request.COOKIES.get("theme")
    return {
        "show_spoilers": request.COOKIES.get("show_spoilers") == "1",
        "theme": theme if theme in ("light", "dark") else "system",
    }
