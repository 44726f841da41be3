"""The settings the tests run under: production's (mayday/settings.py, from the same
environment variables) with the development-only apps, so `scale_data` is there."""

import os

os.environ.setdefault("DJANGO_DEV_APPS", "true")

from mayday.settings import *  # noqa: E402, F403
