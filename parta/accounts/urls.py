from django.urls import path

from parta.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch/", views.SchoolSwitchView.as_view(), name="school_switch"),
    path("", views.HomeRedirectView.as_view(), name="home"),
]
