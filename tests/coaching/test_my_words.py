"""My words in my story: the person adds an entry, asks for a correction of an entry
about them, and their coach answers with a correction beside it or says why not."""

import pytest
from django.urls import reverse

from coaching import services
from coaching.export import gather
from coaching.models import (
    AccessLogEntry,
    Activity,
    Contact,
    Correction,
    PersonEntry,
    RelationshipEvent,
)
from coaching.sent_once import FIELD
from tests.conftest import make_person

ME = reverse("coaching:me")
NEW = reverse("coaching:me_story_new")


def _contact(person, coach, notes="Talked about the rent."):
    return services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": notes}
    )


def _correct(kind, pk):
    return reverse("coaching:me_correct", args=[kind, pk])


def _answer(correction):
    return reverse("coaching:correction_answer", args=[correction.pk])


def test_the_person_adds_an_entry_in_their_words_once_however_often_sent(person_client, person):
    data = {"text": "I found a flat on my own.", FIELD: "0b6f3c1e-6d1e-4a3e-9d43-8e0f4a1c2b3d"}
    assert person_client.post(NEW, data).status_code == 302
    assert person_client.post(NEW, data).status_code == 302
    (entry,) = PersonEntry.objects.filter(person=person)
    assert entry.text == "I found a flat on my own."
    page = person_client.get(ME).content.decode()
    assert "You wrote this" in page and "I found a flat on my own." in page


def test_an_empty_entry_is_refused_in_words(person_client, person):
    response = person_client.post(NEW, {"text": ""})
    assert response.status_code == 200
    assert not PersonEntry.objects.exists()


def test_the_coach_reads_the_persons_entry_only_while_they_keep_notes(coach_client, coach, person):
    services.person_entry_add(person=person, text="My own words here.")
    assert "My own words here." in coach_client.get(person.get_absolute_url()).content.decode()
    person.share_notes = False
    person.save(update_fields=["share_notes"])
    assert "My own words here." not in coach_client.get(person.get_absolute_url()).content.decode()


def test_the_person_takes_their_entry_out_of_their_story_for_good(person_client, person):
    entry = services.person_entry_add(person=person, text="A bad day, and I said so.")
    take_out = reverse("coaching:me_story_take_out", args=[entry.pk])
    assert take_out in person_client.get(ME).text
    asked = person_client.get(take_out).text
    assert "Take this out of your story?" in asked and "A bad day, and I said so." in asked
    # Asking changes nothing; saying yes takes it out, and a second press is told so.
    assert PersonEntry.objects.filter(pk=entry.pk).exists()
    done = person_client.post(take_out, follow=True).text
    assert "Taken out of your story. It is gone for good." in done
    assert "A bad day, and I said so." not in done
    assert not PersonEntry.objects.filter(pk=entry.pk).exists()
    again = person_client.post(take_out, follow=True).text
    assert "That was taken out of your story already." in again
    assert person_client.get(take_out).status_code == 404


def test_words_taken_out_and_written_again_are_saved_again(person_client, person):
    """The form remembers a digest of what was sent, to catch Back-then-send-again;
    taking the words out forgets it, so writing them again is a new entry."""
    words = {"text": "The same words, on purpose."}
    person_client.post(NEW, {**words, FIELD: "0b6f3c1e-6d1e-4a3e-9d43-8e0f4a1c2b3d"})
    (entry,) = PersonEntry.objects.filter(person=person)
    person_client.post(reverse("coaching:me_story_take_out", args=[entry.pk]))
    person_client.post(NEW, {**words, FIELD: "7d1c2b3a-1111-4a3e-9d43-8e0f4a1c2b3d"})
    (again,) = PersonEntry.objects.filter(person=person)
    assert again.pk != entry.pk and again.text == "The same words, on purpose."


def test_another_persons_entry_cannot_be_taken_out(person_client, other_person):
    theirs = services.person_entry_add(person=other_person, text="Mine, not yours.")
    take_out = reverse("coaching:me_story_take_out", args=[theirs.pk])
    assert person_client.get(take_out).status_code == 404
    person_client.post(take_out)
    assert PersonEntry.objects.filter(pk=theirs.pk).exists()


def test_asking_about_another_persons_entry_gives_404(person_client, other_person, outsider):
    theirs = _contact(other_person, outsider)
    step = other_person.current_relationship.events.first()
    assert person_client.get(_correct("contact", theirs.pk)).status_code == 404
    assert (
        person_client.post(_correct("contact", theirs.pk), {"asked_words": "x"}).status_code == 404
    )
    assert person_client.get(_correct("step", step.pk)).status_code == 404
    assert person_client.get(_correct("budget", theirs.pk)).status_code == 404
    assert not Correction.objects.exists()


def test_a_correction_asked_and_made_shows_both_versions_to_the_person(client, coach, person):
    contact = _contact(person, coach, notes="Sam missed the meeting.")
    client.force_login(person.user)
    page = client.get(ME).content.decode()
    assert _correct("contact", contact.pk) in page
    ask = {
        "asked_words": "I did not miss it. It was moved.",
        FIELD: "1b6f3c1e-6d1e-4a3e-9d43-8e0f4a1c2b3d",
    }
    assert client.post(_correct("contact", contact.pk), ask).status_code == 302
    assert client.post(_correct("contact", contact.pk), ask).status_code == 302  # sent twice
    (correction,) = Correction.objects.filter(person=person)
    assert Activity.objects.filter(person=person, kind="correction_asked").count() == 1

    client.force_login(coach)
    home = client.get(reverse("coaching:coach_home")).content.decode()
    assert "asked for a correction to their story" in home
    coach_page = client.get(person.get_absolute_url()).content.decode()
    assert _answer(correction) in coach_page
    assert f'href="#correction_asked-{correction.pk}">Sam asked for a change to this' in coach_page
    assert client.get(_answer(correction)).status_code == 200
    answer = {"answer": "corrected", "answer_words": "The meeting was moved. Sam came."}
    assert client.post(_answer(correction), answer).status_code == 302
    assert AccessLogEntry.objects.filter(
        person=person, viewer=coach, what="your ask for a correction, to answer it"
    ).exists()

    client.force_login(person.user)
    page = client.get(ME).content.decode()
    contact.refresh_from_db()
    assert contact.notes == "Sam missed the meeting."  # nothing rewritten
    for words in (
        "Sam missed the meeting.",
        "I did not miss it. It was moved.",
        "The meeting was moved. Sam came.",
        "wrote this correction",
        f'href="#contact-{contact.pk}"',
        f'id="contact-{contact.pk}"',
        # Beside the entry, a link to its correction.
        f'href="#correction_answered-{correction.pk}">There is a correction to this.',
    ):
        assert words in page


def test_the_coach_explains_why_not_and_a_second_answer_is_refused(client, coach, person):
    step = person.current_relationship.events.first()
    correction = services.correction_ask(person=person, entry=step, words="I began in May.")
    client.force_login(coach)
    why = {"answer": "not_corrected", "answer_words": "Our record says April, from your form."}
    assert client.post(_answer(correction), why).status_code == 302
    again = {"answer": "corrected", "answer_words": "Something else."}
    response = client.post(_answer(correction), again)
    assert response.status_code == 200 and "Not changed, and why" in response.content.decode()
    with pytest.raises(services.AlreadyAnswered):  # two answers at once: the second in words
        services.correction_answer(correction=correction, by=coach, answer="corrected", words="x")
    correction.refresh_from_db()
    assert correction.answer == "not_corrected"
    assert correction.answer_words == "Our record says April, from your form."
    client.force_login(person.user)
    page = client.get(ME).content.decode()
    assert "did not change it, and said why" in page
    assert "Our record says April, from your form." in page
    assert f'href="#correction_answered-{correction.pk}">Not changed. See why' in page
    assert "I began in May." in page


def test_the_answer_needs_words(coach_client, person, coach):
    correction = services.correction_ask(
        person=person, entry=_contact(person, coach), words="Wrong day."
    )
    response = coach_client.post(_answer(correction), {"answer": "corrected", "answer_words": ""})
    assert response.status_code == 200
    correction.refresh_from_db()
    assert correction.answered_at is None


def test_another_coach_cannot_answer(client, outsider, person, coach):
    correction = services.correction_ask(
        person=person, entry=_contact(person, coach), words="Wrong day."
    )
    client.force_login(outsider)
    assert client.get(_answer(correction)).status_code == 404
    why = {"answer": "not_corrected", "answer_words": "No."}
    assert client.post(_answer(correction), why).status_code == 404
    correction.refresh_from_db()
    assert correction.answered_at is None


@pytest.mark.django_db
def test_entries_and_corrections_are_downloaded_and_erased(coach, manager):
    person = make_person("Kim", coach)
    services.person_entry_add(person=person, text="My words.")
    correction = services.correction_ask(
        person=person, entry=_contact(person, coach), words="Wrong day."
    )
    services.correction_answer(
        correction=correction, by=coach, answer="corrected", words="It was Tuesday."
    )
    step = person.current_relationship.events.first()
    services.correction_ask(person=person, entry=step, words="I began in May.")
    sections = {section.key: section for section in gather(person)}
    assert sections["your_words_in_your_story"].rows[0]["in_your_words"] == "My words."
    row, about_a_step = sections["corrections"].rows
    assert (about_a_step["about"], about_a_step["answer"]) == ("A step in your coaching", None)
    assert (row["in_your_words"], row["answer_words"], row["about"], row["answer"]) == (
        "Wrong day.",
        "It was Tuesday.",
        "A time you and your coach were in touch",
        "Corrected",
    )
    deletion = services.deletion_request_make(person=person, by=person.user)
    services.person_erase(deletion=deletion, by=manager)
    assert not PersonEntry.objects.exists() and not Correction.objects.exists()
    assert not Contact.objects.exists() and not RelationshipEvent.objects.exists()


def test_in_welsh_the_ask_and_its_answer_read_as_whole_sentences(client, coach, person):
    step = person.current_relationship.events.first()
    asked = services.correction_ask(person=person, entry=step, words="I began in May.")
    person.user.language = "cy"
    person.user.save(update_fields=["language"])
    client.force_login(person.user)
    page = client.get(ME).content.decode()
    # "i" and "y" become "i'r" in Welsh: the link sits inside one sentence, not after it.
    assert f'Fe wnaethoch chi ofyn am newid i\'r <a href="#step-{step.pk}">cofnod o ' in page
    assert "i y cofnod" not in page
    services.correction_answer(correction=asked, by=None, answer="corrected", words="Mai.")
    page = client.get(ME).content.decode()
    assert f'Cywiriad i\'r <a href="#step-{step.pk}">cofnod o ' in page
    assert "Ysgrifennodd Eich hyfforddwr y cywiriad hwn:" in page and "Your coach" not in page
