"""Flesch-Kincaid grade of plain English text, with no dictionary to download.

Syllables are counted as groups of vowels, less a silent final "e" (as in "make"),
which is within a syllable or so of a dictionary for everyday words. Grade 4 is a
reading age of about 9 to 10.
"""

import re

_WORD = re.compile(r"[A-Za-z']+")
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")


def syllables(word: str) -> int:
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def flesch_kincaid_grade(text: str) -> float:
    words = _WORD.findall(text)
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59
