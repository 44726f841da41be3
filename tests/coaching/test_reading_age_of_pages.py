"""Every page a person reads, at a reading age of about 9.

The words of each page in `PAGES` (tests/coaching/test_in_welsh.py), in English, inside
<main>, scored with the Flesch-Kincaid grade (tests/reading_age.py): grade 4 is a
reading age of about 9 to 10. The privacy notice and the accessibility statement hold
parts for people and parts for regulators; tests/coaching/test_statements.py scores
their parts for people.
"""

import pytest

from tests.coaching.test_in_welsh import PAGES, VisibleText, a_person_on, page_in
from tests.reading_age import flesch_kincaid_grade

SCORED_ELSEWHERE = {"how we use your information", "accessibility statement"}


def words_of_main(html: str) -> str:
    """The visible words in <main>; a heading, label or button without a full stop
    counts as a sentence of its own, as a reader takes it."""
    parser = VisibleText()
    parser.feed(html[html.find("<main") : html.find("</main>")])
    lines = [" ".join(text.split()) for text in parser.texts]
    return " ".join(
        line if line.endswith((".", "!", "?", ":")) else f"{line}." for line in lines if line
    )


@pytest.mark.parametrize("page", [page for page in PAGES if page not in SCORED_ELSEWHERE])
def test_a_persons_page_reads_at_age_nine(client, coach, page):
    url, reader = a_person_on(client, coach, page)
    text = words_of_main(page_in(client, url, "en-gb", reader))
    assert len(text.split()) >= 3, (page, text)
    assert flesch_kincaid_grade(text) <= 4.0, (page, round(flesch_kincaid_grade(text), 1), text)


def test_a_page_of_hard_words_would_fail():
    hard = words_of_main(
        "<main><p>Notwithstanding the aforementioned considerations, safeguarding "
        "obligations necessitate comprehensive documentation of interventions.</p></main>"
    )
    assert flesch_kincaid_grade(hard) > 4.0
