"""A pytest plugin for bin/race-loop: only the tests that race, each run many times.

    pytest -p tests.races --races-only --race-repeat 20

A race test is one whose transactions must commit for threads to see each other's
rows: it is marked django_db(transaction=True). Browser tests (a live server, not a
race) and tests/operations (whole app servers, backups) are left out: they are slow
and have their own checks.
"""

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("races")
    group.addoption("--races-only", action="store_true", help="Run only the race tests.")
    group.addoption("--race-repeat", type=int, default=1, help="Run each test this often.")


def pytest_generate_tests(metafunc):
    times = metafunc.config.getoption("race_repeat")
    if times > 1:
        metafunc.fixturenames.append("race_round")
        metafunc.parametrize(
            "race_round", range(1, times + 1), indirect=True, ids=lambda n: f"round{n}"
        )


@pytest.fixture
def race_round(request):
    return request.param


def is_race(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return False
    path = item.path.as_posix()
    return "/tests/browser/" not in path and "/tests/operations/" not in path


def pytest_collection_modifyitems(config, items):
    if not config.getoption("races_only"):
        return
    kept = [item for item in items if is_race(item)]
    config.hook.pytest_deselected(items=[item for item in items if not is_race(item)])
    items[:] = kept
