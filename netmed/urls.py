from django.contrib import admin
from django.urls import include, path

from core import views as core_views

# The admin signs in through allauth's login, so its rate limits and TOTP apply there too.
admin.site.login = core_views.admin_login(admin.site.login)

# A database that cannot be reached gets the 503 page with Retry-After, not a bare 500.
handler500 = "core.views.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    # Liveness and readiness (core.middleware.HealthCheckMiddleware answers them ahead of the
    # host and HTTPS checks); /healthz is the readiness check's older name.
    path("healthz", core_views.healthz_ready, name="healthz"),
    path("healthz/live", core_views.healthz_live, name="healthz_live"),
    path("healthz/ready", core_views.healthz_ready, name="healthz_ready"),
    path("floor", core_views.floor, name="floor"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("dashboard/health/", core_views.dashboard_health, name="dashboard_health"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("contacts/", include("contacts.urls")),
    path("events/", include("events.urls")),
    path("mentorship/", include("mentorship.urls")),
    path("reminders/", include("reminders.urls")),
    path("network/", include("collaboration.urls")),
    path("cpd/", include("cpd.urls")),
    path("inbound/", include("inbound.urls")),
    path("admin/", admin.site.urls),
]
# MEDIA_URL is deliberately not served, even with DEBUG on: contact photos are private and reach
# the browser only through contacts:photo, which checks the owner (contacts/photos.py).
