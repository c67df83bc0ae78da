from django.contrib.auth import views as auth_views
from django.views.generic import RedirectView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"


class HomeRedirectView(RedirectView):
    url = "/login/"
