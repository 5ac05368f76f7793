import uuid

import css_inline
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.urls import reverse

from core import outbox


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """A doctor who signs in during the deletion grace period is offered to cancel it."""
        if getattr(request.user, "deletion_requested_at", None):
            messages.warning(
                request, "Your account is due to be deleted. You can still cancel that below."
            )
            return reverse("accounts:privacy")
        return super().get_login_redirect_url(request)

    def get_reauthentication_methods(self, user):
        """A doctor with an authenticator app proves it is them again with its code (or a recovery
        code), not the password alone: the second factor protects the download and deletion."""
        methods = super().get_reauthentication_methods(user)
        second_factor = [m for m in methods if m["id"].startswith("mfa_")]
        return second_factor or methods

    def send_mail(self, template_prefix, email, context):
        """Account emails speak as NetMed (allauth's stock text named the request's host,
        "Hello from 127.0.0.1:8000!", since NetMed runs no sites framework) and go through the
        outbox, so a mail server that is down delays them instead of losing them."""
        context = {**context, "site_name": "NetMed", "site_url": settings.SITE_URL}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        if html:
            # Mail clients drop <style>: the shared email sheet goes into every element.
            css = (settings.BASE_DIR / "static" / "css" / "email-digest.css").read_text()
            html = css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False).inline(html)
        kind = template_prefix.rsplit("/", 1)[-1]
        outbox.queue_email(
            key=f"account:{kind}:{uuid.uuid4()}",
            kind=f"account {kind.replace('_', ' ')}",
            to=email,
            subject=message.subject,
            body=message.body,
            html=html,
        )
