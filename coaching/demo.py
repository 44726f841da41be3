"""The demo organisation (`manage.py demo_data`, run by `make run`), built in parts.

Coaching builds its teams, coaches and people with their stories; each app above it
adds its part from its own `demo.py` (found like `admin.py`), for example
`budgets/demo.py`:

    from coaching.demo import demo_part

    @demo_part(order=20)
    def load(*, rng: random.Random, now: datetime) -> None: ...

Parts run in `order`, all sharing one seeded `rng` and one `now`, so every run builds
the same story; a part reads what earlier parts made from the database. A part that
makes a sign-in worth trying says so with `demo_sign_in("role: username  (who)")`,
and `demo_data` prints it with coaching's own.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DemoPart:
    order: int
    load: Callable[..., None]


PARTS: list[DemoPart] = []
# Lines about the sign-ins the apps above coaching make, printed after coaching's.
SIGN_INS: list[str] = []


def demo_part(order: int) -> Callable:
    """Register a function that adds an app's part of the demo organisation."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        if all(part.load is not function for part in PARTS):
            PARTS.append(DemoPart(order, function))
        return function

    return register


def demo_sign_in(line: str) -> None:
    """Add a line to the demo sign-ins `demo_data` prints."""
    if line not in SIGN_INS:
        SIGN_INS.append(line)


def sign_ins() -> list[str]:
    """Every app's lines about its demo sign-ins."""
    autodiscover_modules("demo")
    return SIGN_INS


def load_parts(*, rng: random.Random, now: datetime) -> None:
    """Run every app's part, in order."""
    autodiscover_modules("demo")
    for part in sorted(PARTS, key=lambda p: p.order):
        part.load(rng=rng, now=now)
