"""Django's own words that reach a person's pages and that Django's Welsh leaves empty.

Django ships a Welsh catalogue, but without the password rules' messages, which a
person meets when choosing a password with a code from their coach, or the words of
how long ago (timesince: "2 minutes", joined by ", "), which a person meets after asking
their coach to get in touch or for a personal budget. Each string here
is exactly Django's, marked so that `make messages` keeps it in locale/cy; our
catalogue comes first (LOCALE_PATHS), so its Welsh wins. Nothing imports this module:
it is read only by makemessages.
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_WORDS = [
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop(", "),
]


def _marked_only() -> None:
    """Never called: marks the plural message of the minimum length rule."""
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        10,
    )


def _marked_timesince() -> None:
    """Never called: marks timesince's counts, as django.utils.timesince says them."""
    ngettext("%(num)d year", "%(num)d years", 1)
    ngettext("%(num)d month", "%(num)d months", 1)
    ngettext("%(num)d week", "%(num)d weeks", 1)
    ngettext("%(num)d day", "%(num)d days", 1)
    ngettext("%(num)d hour", "%(num)d hours", 1)
    ngettext("%(num)d minute", "%(num)d minutes", 1)
