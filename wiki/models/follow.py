from django.conf import settings
from django.db import models


class Follow(models.Model):
    """A member following a page: its changes show in their /following feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey("wiki.Page", on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="wiki_follow_unique_user_page"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.page}"
