from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session_clock

        # The session's absolute lifetime counts from sign-in itself (the middleware starts the
        # clock for sessions signed in before it existed).
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.start_session_clock")
