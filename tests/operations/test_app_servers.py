"""The app keeps no state in its processes: a user signed in on one app server is
signed in on any other over the same database."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import PASSWORD, make_coach, make_person

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port, method, path, *, cookie="", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Host": "127.0.0.1", "Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    html = response.read().decode()
    conn.close()
    return response, html


def _start_gunicorn(port: int) -> subprocess.Popen:
    params = connection.settings_dict
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "shared-by-every-app-server-in-this-test",
        # DEBUG only so static files come from the tree without collectstatic.
        "DJANGO_DEBUG": "true",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "mayday.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _request(port, "GET", "/healthz")[0].status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn on port {port} did not answer within 60 seconds")


@pytest.fixture
def two_app_servers():
    ports = [_free_port(), _free_port()]
    servers = [_start_gunicorn(port) for port in ports]
    try:
        for port in ports:
            _wait_until_up(port)
        yield ports
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)


def test_a_person_signed_in_on_one_app_server_is_signed_in_on_another(two_app_servers):
    first, second = two_app_servers
    sam = make_person("Sam", make_coach("meg")).user
    # Tests hash with MD5 for speed; the app servers know only the real hashers.
    hasher = PBKDF2PasswordHasher()
    sam.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    sam.save(update_fields=["password"])
    response, html = _request(first, "GET", "/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"login": "sam", "password": PASSWORD, "csrfmiddlewaretoken": token}
    response, _ = _request(
        first, "POST", "/accounts/login/", cookie=f"csrftoken={csrf_cookie}", body=urlencode(form)
    )
    assert response.status == 302
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie")).group(1)

    response, html = _request(second, "GET", "/me/", cookie=f"sessionid={session}")

    assert response.status == 200
    assert "Meg" in html
    assert _request(second, "GET", "/me/")[0].status == 302  # and not without the cookie
