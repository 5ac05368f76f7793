from django.urls import reverse

NAVIGATION = [
    ("Dashboard", "dashboard"),
    ("Contacts", "contacts:list"),
    ("Events", "events:list"),
    ("Mentorship", "mentorship:list"),
    ("Reminders", "reminders:list"),
    ("Network", "collaboration:index"),
    ("CPD", "cpd:index"),
]


def navigation(request):
    """The main navigation, with the current section marked for ``aria-current``."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name in NAVIGATION:
        url = reverse(name)
        current = request.path.startswith(url) if url != "/" else request.path == "/"
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items}
