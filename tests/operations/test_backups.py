"""A backup is only a backup once it has been restored."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_a_pg_dump_restores_with_its_rows_constraints_and_triggers(db):
    params = connection.settings_dict
    admin_url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/postgres"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PG_ADMIN_URL=admin_url, PYTHON=sys.executable)
    result = subprocess.run(
        ["bash", "bin/restore-check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tables with the same row counts" in result.stdout
    assert "still refuses a second open relationship" in result.stdout
