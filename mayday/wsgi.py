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

# Second-factor secrets need their own key: derived from the signing key, changing that
# key would lock every member of staff out.
if not settings.DEBUG and not settings.MFA_SECRET_KEYS:
    raise ImproperlyConfigured(
        "Set MFA_SECRET_KEYS (or DJANGO_DEBUG=true on a development machine)."
    )

application = get_wsgi_application()
