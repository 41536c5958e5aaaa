"""Confirming that an email address belongs to the member who gave it."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts import mail

SALT = "accounts.email-confirmation"
MAX_AGE = 3 * 86400


def send_confirmation(user):
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)
    link = settings.SITE_URL + reverse("accounts:confirm_email", args=[token])
    mail.send(
        "Tropewise: confirm your email address",
        f"Hello {user},\n\nConfirm that this address is yours by opening this link within "
        f"three days:\n\n{link}\n\nIf you did not sign up for Tropewise, ignore this email.",
        [user.email],
    )


def confirm(user_model, token):
    """The member whose address the token confirms, now marked confirmed, or None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # forged, damaged or expired
        return None
    user = user_model.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is not None and not user.email_confirmed:
        user.email_confirmed = True
        user.save(update_fields=["email_confirmed"])
    return user
