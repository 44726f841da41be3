"""What a person's access log says was looked at, from the contracts pages.

The contracts pages (outcomes/contract_views.py) write these into the log in English;
a person reads them translated on "Who has looked at your record" and in their
download (coaching.templatetags.coaching_tags.translate_stored). Elsewhere each such
string is marked with gettext_noop where it is written; these two are marked here so
the Welsh catalogue holds them while that module is being changed in another branch.
Move them there (what=gettext_noop("...")) when it is next touched. Nothing imports
this module: it is read only by makemessages.
"""

from django.utils.translation import gettext_noop

LOOKED_AT = [
    gettext_noop("your record, to enrol you in a contract"),
    gettext_noop("your record, to say a job or home ended"),
]
