"""A small fixed-window rate limit in Django's cache, keyed on the client address.

The address is kept only as a keyed hash, for at most one window, so the cache
never holds where anyone was. With the database cache (the default) the count
can be off by one under a race, which is fine for slowing abuse down; with
`REDIS_URL` the increment is atomic.
"""

import contextlib
import time

from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The address the request came from, found as allauth finds it for its sign-in
    limits: behind our own proxies (ALLAUTH_TRUSTED_PROXY_COUNT), the one they saw."""
    try:
        return get_account_adapter().get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No address, or fewer forwarded addresses than proxies: a request that did
        # not come through them. Count it by the address that reached us.
        return request.META.get("REMOTE_ADDR", "")


def allow(request, *, scope: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt from this address; False once the window's limit is passed."""
    return _count(request, scope, window_seconds) <= limit


def give_back(request, *, scope: str, window_seconds: int = 3600) -> None:
    """Take back an attempt counted by allow() that turned out not to be one the limit
    is for (a good code): counted first and given back, tries sent all at once are
    each counted before any is let through."""
    with contextlib.suppress(ValueError):  # the window has ended since
        cache.decr(_key(request, scope, window_seconds))


def _count(request, scope: str, window_seconds: int) -> int:
    """Count one attempt from this address; how many it has made in the window."""
    key = _key(request, scope, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 60)
        return 1


def _key(request, scope: str, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    address = salted_hmac(
        "mayday.ratelimit", client_address(request), algorithm="sha256"
    ).hexdigest()[:32]
    return f"ratelimit:{scope}:{window}:{address}"
