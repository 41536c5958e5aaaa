from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from accounts.models import User


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"username": "Handle"}
        help_texts = {"username": "2 to 30 letters, digits, dots, dashes or underscores."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class ConfirmedEmailPasswordResetForm(PasswordResetForm):
    """Reset links go only to addresses their owners confirmed."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.email_confirmed)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label="New email address")
    password = forms.CharField(label="Your password", widget=forms.PasswordInput,
                               help_text="To be sure it is you.")

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
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account uses that address.")
        return email


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["show_spoilers", "theme", "folders_open", "example_sort"]
