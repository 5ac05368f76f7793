from django.apps import AppConfig


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = "Email that logs itself"

    def ready(self):
        # Hosted mail: anymail sends its ``inbound`` signal from our Mailgun view; the receiver
        # only stores the message and queues it (inbound.webhooks).
        from . import webhooks  # noqa: F401
