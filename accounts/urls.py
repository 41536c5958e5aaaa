from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.access import password_checks_limited

app_name = "accounts"

urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("preferences/spoilers", views.set_spoilers, name="set_spoilers"),
    path("preferences/theme", views.set_theme, name="set_theme"),
    path("notices/read", views.read_notices, name="read_notices"),
    path("feed/reset", views.reset_feed, name="reset_feed"),
    path("settings", views.account, name="account"),
    path("email", views.change_email, name="change_email"),
    path("email/resend", views.resend_confirmation, name="resend_confirmation"),
    path("email/confirm/<str:token>", views.confirm_email, name="confirm_email"),
    path(
        "password",
        password_checks_limited(
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "password/done",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html",
        ),
        name="password_change_done",
    ),
    path("password/reset", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html",
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html",
        ),
        name="password_reset_complete",
    ),
]
