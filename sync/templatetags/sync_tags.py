"""The profile page's "Phone sync" section: ``{% app_passwords user %}``."""

from django import template

from sync.forms import AppPasswordForm
from sync.models import AppPassword

register = template.Library()


@register.inclusion_tag("sync/_app_passwords.html", takes_context=True)
def app_passwords(context, user):
    """The doctor's app passwords, newest first, with when each last synced: one query."""
    request = context.get("request")
    server_url = request.build_absolute_uri("/dav/") if request else "/dav/"
    return {
        "app_passwords": list(AppPassword.objects.for_user(user)),
        "form": AppPasswordForm(),
        "server_url": server_url,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
