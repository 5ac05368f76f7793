"""NetMed as an installable app: the web app manifest and the service worker.

Both are public (the browser fetches the manifest without cookies) and hold nothing about anyone.
The worker is served from the site root, not from /static/, because a service worker controls
only the paths under the folder it is served from; ``Service-Worker-Allowed`` says so as well.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

THEME = "#0f766e"


def _icon(name: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": static(f"img/icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@login_not_required
@require_GET
def manifest(request):
    data = {
        "id": "/",
        "name": "NetMed",
        "short_name": "NetMed",
        "description": "Your professional network: colleagues, events and people met.",
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "lang": "en-AU",
        "icons": [
            _icon("netmed-192.png", 192),
            _icon("netmed-512.png", 512),
            _icon("netmed-maskable-192.png", 192, "maskable"),
            _icon("netmed-maskable-512.png", 512, "maskable"),
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def _worker_source() -> bytes:
    found = finders.find("js/sw.js")
    if found:
        with open(found, "rb") as source:
            return source.read()
    with staticfiles_storage.open("js/sw.js") as source:  # collected, without the source tree
        return source.read()


@login_not_required
@require_GET
def service_worker(request):
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on each visit
    return response
