"""allauth's own words that reach a person's pages, so the Welsh catalogue holds them.

allauth ships no Welsh. Each string here is exactly allauth's, marked so that
`make messages` keeps it in locale/cy; the catalogue's translation then wins over
allauth's English. Nothing imports this module: it is read only by makemessages.
"""

from django.utils.translation import gettext_noop

ALLAUTH_WORDS = [
    gettext_noop("Forgot your password?"),
    gettext_noop("This functionality requires JavaScript."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
]
