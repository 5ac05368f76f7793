import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
application = get_wsgi_application()

from core.startup import WarmUpFreezer, freeze_startup_heap  # noqa: E402 - Django set up first

freeze_startup_heap()
WarmUpFreezer().connect()
