from django.contrib import admin
from django.urls import include, path

from accounts import card_views
from accounts import views as accounts_views
from core import pwa
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
    # Installable app: served from the root so the service worker's scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    # A doctor's share card: the short link in their QR code (accounts/card_views.py).
    path("c/<str:token>/", card_views.card_share, name="card_share"),
    path("c/<str:token>/add/", card_views.card_add, name="card_add"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("dashboard/health/", core_views.dashboard_health, name="dashboard_health"),
    # Before allauth's own: ending other sessions asks for reauthentication (accounts.views).
    path("accounts/sessions/", accounts_views.signed_in_devices, name="usersessions_list"),
    # The design system's living page; a 404 unless DEBUG (docs/design.md).
    path("styleguide/", core_views.styleguide, name="styleguide"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("contacts/", include("contacts.urls")),
    path("events/", include("events.urls")),
    path("mentorship/", include("mentorship.urls")),
    path("reminders/", include("reminders.urls")),
    path("network/", include("collaboration.urls")),
    path("cpd/", include("cpd.urls")),
    # App passwords, /.well-known/carddav|caldav and the CardDAV/CalDAV server under /dav/.
    path("", include("sync.urls")),
    path("inbound/", include("inbound.urls")),
    path("admin/", admin.site.urls),
]
# MEDIA_URL is deliberately not served, even with DEBUG on: contact photos are private and reach
# the browser only through contacts:photo, which checks the owner (contacts/photos.py).
