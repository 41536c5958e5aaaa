from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class HandleValidator(UnicodeUsernameValidator):
    regex = r"^[A-Za-z0-9_.-]{2,30}\Z"
    message = "A handle is 2 to 30 letters, digits, dots, dashes or underscores."


class User(AbstractUser):
    """A reader or editor. The public handle is Django's username field."""

    class Theme(models.TextChoices):
        SYSTEM = "system", "Follow the system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    username = models.CharField(
        "handle",
        max_length=30,
        unique=True,
        validators=[HandleValidator()],
        help_text="Shown on your edits and votes.",
        error_messages={"unique": "That handle is taken."},
    )
    show_spoilers = models.BooleanField(
        default=False, help_text="Show spoiler text without having to reveal it."
    )
    theme = models.CharField(max_length=10, choices=Theme.choices, default=Theme.SYSTEM)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_unique_handle_ci"),
        ]

    def __str__(self):
        return self.username

    @property
    def handle(self):
        return self.username

    def clean(self):
        super().clean()
        taken = User.objects.filter(username__iexact=self.username).exclude(pk=self.pk)
        if self.username and taken.exists():
            raise ValidationError({"username": "That handle is taken."})

