from django.contrib import admin
from django.urls import include, path

from coaching.views import accounts

handler500 = "coaching.views.accounts.server_error"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("welcome/", accounts.invitation_redeem, name="invitation_redeem"),
    path("welcome/new-password/", accounts.new_password_with_code, name="new_password_with_code"),
    path("language/", accounts.choose_language, name="choose_language"),
    path("healthz", accounts.healthz, name="healthz"),
    path("leave/", accounts.quick_exit, name="quick_exit"),
    path("account/", accounts.security, name="security"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("coaching.urls")),
    path("", include("outcomes.urls")),
    path("", include("budgets.urls")),
]
