import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mayday.settings")

# Refuse to serve without a signing key, rather than fail on the first request.
try:
    settings.SECRET_KEY  # noqa: B018 - Django raises on reading an empty key
except ImproperlyConfigured as missing:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true on a development machine)."
    ) from missing

application = get_wsgi_application()
