from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.template.loader import render_to_string

from accounts import mail
from accounts.models import User

ADDRESS_TAKEN = "That address belongs to another account. If it is yours, sign in with it."


def check_address_unused(email, user=None):
    """Refuse an address another account already has, in any case."""
    others = User.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise forms.ValidationError(ADDRESS_TAKEN)


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"username": "Handle"}
        help_texts = {"username": "2 to 30 letters, digits, dots, dashes or underscores."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"]
        check_address_unused(email)
        return email


class ConfirmedEmailPasswordResetForm(PasswordResetForm):
    """Reset links go only to addresses their owners confirmed."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.email_confirmed)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the site's mail, after the answer, with links to SITE_URL; discreetly, as
        nothing in the answer may tell whether the address has an account."""
        context = {**context, "site_url": settings.SITE_URL}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail.send(subject, body, [to_email], discreet=True)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label="New email address")
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput, help_text="To be sure it is you."
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_email(self):
        email = self.cleaned_data["email"]
        check_address_unused(email, self.user)
        return email


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["show_spoilers", "theme", "folders_open", "example_sort"]
