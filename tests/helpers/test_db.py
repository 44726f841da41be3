import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from helpers.db import FIGURE_PLANNING, planned_for_the_values
from outcomes.insights import Filters, figures

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def _settings() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(FIGURE_PLANNING)]
        )
        return dict(cursor.fetchall())


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_figures_are_planned_for_their_values_and_the_connection_is_put_back():
    before = _settings()
    assert before != FIGURE_PLANNING  # the server's defaults: plans kept, JIT on
    with planned_for_the_values():
        assert _settings() == FIGURE_PLANNING
    assert _settings() == before


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_failed_transaction_puts_the_settings_back_by_rolling_back():
    before = _settings()
    with pytest.raises(DataError), transaction.atomic(), planned_for_the_values():
        assert _settings() == FIGURE_PLANNING
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
    assert _settings() == before


@on_postgresql
@pytest.mark.django_db
def test_the_dashboard_reads_every_figure_so_planned():
    with CaptureQueriesContext(connection) as captured:
        figures(Filters.default())
    sql = [query["sql"] for query in captured]
    assert "set_config" in sql[0] and "reset_val" in sql[-1]
    assert sum("set_config" in s for s in sql) == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_shared_connection_behind_a_pooler_is_left_as_it_is(monkeypatch):
    before = _settings()
    options = {**connection.settings_dict["OPTIONS"], "server_side_binding": False}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    with CaptureQueriesContext(connection) as captured, planned_for_the_values():
        assert _settings() == before
    assert not any("set_config" in query["sql"] for query in captured)
