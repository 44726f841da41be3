"""Escaping for HTML built in Python: form widgets (helpers.forms), a coach's list.

Django's conditional_escape goes through its lazy-text wrapper on every call, which is
most of what it costs; a form's options or a list's rows call it hundreds of times a
page. `esc` gives what conditional_escape gives, without the wrapper.
"""

import html
import re

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def esc(value) -> SafeString:
    """conditional_escape(value): HTML as it is (anything with __html__), all else as
    text, escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(html.escape(str(value)))


_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def paragraphs(text: str) -> str:
    """Django's linebreaks, escaping: each paragraph of `text` in <p>, each single line
    break a <br>; without its lazy-text wrappers, as a story's notes ask for it twenty
    times a page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(
        f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>"
        for paragraph in _PARAGRAPH_BREAK.split(text)
    )
