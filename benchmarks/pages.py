"""The pages the benchmark drives and the query-count test visits: one table.

Add a page by adding a row. Each row names who visits it (a key of
`benchmarks.scale.world.bench_handles()`), how to build its path from those handles, and for a
POST the form to send (fresh for every request). `kind` says which target applies.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

FLOOR = "floor"  # a bare signed-in page through the same middleware
EVERYDAY = "everyday"  # a coach's or a person's page: p50 within 3x the floor's
DASHBOARD = "dashboard"  # a manager's page over everything: within 15x, p95 < 500 ms


@dataclass(frozen=True)
class Page:
    name: str
    user: str
    path: Callable[[dict], str]
    kind: str = EVERYDAY
    form: Callable[[dict], dict] | None = None
    expect: int = 200

    @property
    def method(self) -> str:
        return "POST" if self.form else "GET"

    def visit(self, client, handles: dict):
        """One request through Django's test client, as the signed-in `user`."""
        path = self.path(handles)
        return client.post(path, self.form(handles)) if self.form else client.get(path)


def contact_form(handles: dict) -> dict:
    """A new contact, as the contact form posts it, with a fresh sent-once key and
    words of its own: the same words at the same minute are the same contact, and
    would be found rather than saved."""
    key = str(uuid.uuid4())
    return {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "reached_out_by": "person",
        "place": "",
        "minutes": "20",
        "notes": f"Quick call ({key[:8]}): the bus pass came through, interview on Tuesday.",
        "connections": "",
        "themes": [str(pk) for pk in handles["theme_ids"][:2]],
        "sent_once_key": key,
        "barriers-TOTAL_FORMS": "1",
        "barriers-INITIAL_FORMS": "0",
        "barriers-MIN_NUM_FORMS": "0",
        "barriers-MAX_NUM_FORMS": "10",
        "barriers-0-service": "",
        "barriers-0-what_happened": "",
    }


PAGES = [
    Page("floor: /account/", "coach", lambda h: "/account/", kind=FLOOR),
    Page("coach's list", "coach", lambda h: "/coach/"),
    Page("coach's people at a glance", "coach", lambda h: "/coach/overview/"),
    Page("person's page, 500 contacts", "coach", lambda h: h["long_person"].get_absolute_url()),
    Page(
        "contact form",
        "coach",
        lambda h: f"/coach/people/{h['saving_person'].pk}/contacts/new/",
    ),
    Page(
        "save a contact",
        "coach",
        lambda h: f"/coach/people/{h['saving_person'].pk}/contacts/new/",
        form=contact_form,
        expect=302,
    ),
    Page("/me/, 500 contacts", "person_user", lambda h: "/me/"),
    Page("coach's budget requests", "coach", lambda h: "/coach/budgets/"),
    Page("person's budget requests", "person_user", lambda h: "/me/budgets/"),
    Page("manager's budgets", "manager", lambda h: "/insights/budgets/", kind=DASHBOARD),
    Page("manager insights", "manager", lambda h: "/insights/", kind=DASHBOARD),
    Page("records to review", "manager", lambda h: "/insights/retention/", kind=DASHBOARD),
    Page(
        "manager insights, one team",
        "manager",
        lambda h: f"/insights/?team={h['coach'].team_id}",
        kind=DASHBOARD,
    ),
    Page(
        "a contract's page",
        "manager",
        lambda h: f"/insights/contracts/{h['contract'].pk}/",
        kind=DASHBOARD,
    ),
    Page(
        "insights CSV, contacts",
        "manager",
        lambda h: "/insights/download/contacts.csv",
        kind=DASHBOARD,
    ),
]
