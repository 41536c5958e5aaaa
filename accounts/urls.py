from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("preferences/spoilers", views.set_spoilers, name="set_spoilers"),
    path("preferences/theme", views.set_theme, name="set_theme"),
    path("notices/read", views.read_notices, name="read_notices"),
]
