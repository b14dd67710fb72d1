"""The production server (`make prodcheck`): `check --deploy` is clean with the settings in
docs/deploy.md, and `mijlpaal production` serves the pages, /healthz and compressed static files
with hashed names, behind a proxy that ends TLS."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import brotli  # type: ignore[import-untyped]
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.core.management.base import CommandError

from mijlpaal.accounts.models import User
from mijlpaal.operations.production import gunicorn_argv
from tests.operations.helpers import MIJLPAAL, database_url, environment, run

DEPLOY_DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
MARKER = "<!-- production-environment -->"
PASSWORD = "a long and private passphrase"


def documented_environment() -> dict[str, str]:
    """The settings block of docs/deploy.md, as a dict."""
    block = DEPLOY_DOC.read_text(encoding="utf-8").split(MARKER, 1)[1].split("```", 2)[1]
    found = {}
    for line in block.splitlines()[1:]:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[key] = value
    return found


def test_the_documented_settings_pass_check_deploy() -> None:
    documented = documented_environment()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL"} <= set(documented)
    assert documented["MIJLPAAL_PRODUCTION"] == "1", "the worker and commands by hand too"
    env = environment(**{**documented, "SECRET_KEY": secrets.token_urlsafe(50)})
    done = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_does_complain_about_a_weak_key_and_plain_http() -> None:
    env = environment(**documented_environment(), SECURE_SSL_REDIRECT="false")
    done = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode != 0
    assert "security.W009" in done.stderr and "security.W008" in done.stderr


def test_production_has_no_development_defaults() -> None:
    env = environment(MIJLPAAL_PRODUCTION="1", ALLOWED_HOSTS="x.example", SITE_URL="https://x")
    done = run("check", env=env)
    assert done.returncode != 0
    assert "Environment variable SECRET_KEY must be set" in done.stderr


@pytest.mark.django_db
def test_the_production_command_needs_the_production_settings() -> None:
    with pytest.raises(CommandError, match="mijlpaal production"):
        call_command("production")


def test_gunicorn_runs_from_this_virtualenv_with_the_given_bind_and_workers() -> None:
    argv = gunicorn_argv(bind="127.0.0.1:9999", workers=3)
    assert argv[1:4] == ["-m", "gunicorn", "mijlpaal.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9999"
    assert argv[argv.index("--workers") + 1] == "3"


# --- the real server -----------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def cookies(self) -> SimpleCookie:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return jar


class Server:
    """`mijlpaal production` on a free port of 127.0.0.1, asked as a proxy that ends TLS would."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"

    def ask(
        self, method: str, path: str, *, https: bool = True, body: str = "", **headers: str
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {key.replace("_", "-"): value for key, value in headers.items()}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(server: Server, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped:\n" + log.read_text()
        try:
            if server.ask("GET", "/healthz", https=False).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not answer within two minutes:\n" + log.read_text())


@pytest.fixture
def production(tmp_path: Path) -> Any:
    port = free_port()
    env = environment(
        DATABASE_URL=database_url(),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"https://127.0.0.1:{port}",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        STATIC_ROOT=str(tmp_path / "static"),
        MIJLPAAL_DATA_DIR=str(tmp_path / "data"),
        MIJLPAAL_TASKS="database",
    )
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(MIJLPAAL), "production", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(port)
    try:
        wait_until_up(server, process, log)
        yield server
    finally:
        process.terminate()
        code = process.wait(timeout=60)
    assert code == 0, "gunicorn stops cleanly on SIGTERM:\n" + log.read_text()
    assert (tmp_path / "static" / "staticfiles.json").is_file(), "collectstatic ran first"


def check_static_file(server: Server, path: str) -> None:
    assert re.fullmatch(r"/static/mijlpaal/app\.[0-9a-f]{12}\.css", path), path
    plain = server.ask("GET", path)
    assert plain.status == 200
    assert "immutable" in plain.headers["Cache-Control"]
    assert b".topbar" in plain.body
    as_brotli = server.ask("GET", path, Accept_Encoding="br, gzip")
    assert as_brotli.headers["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.body) == plain.body
    assert len(as_brotli.body) < len(plain.body) / 2
    as_gzip = server.ask("GET", path, Accept_Encoding="gzip")
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.body) == plain.body


def log_in(server: Server, email: str) -> str:
    """Log in through the form, as a browser would; the session cookie."""
    page = server.ask("GET", "/login/")
    csrf = page.cookies()["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert token is not None
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": email, "password": PASSWORD}
    answer = server.ask(
        "POST",
        "/login/",
        body=urlencode(form),
        Cookie=f"csrftoken={csrf.value}",
        Origin=server.origin,
        Referer=server.origin + "/login/",
    )
    assert answer.status == 302, answer.body.decode()[:2000]
    session = answer.cookies()["sessionid"]
    assert session["secure"] and session["httponly"]
    return str(session.value)


@pytest.mark.django_db(transaction=True)
def test_the_production_server_serves_pages_health_and_static_files(production: Server) -> None:
    hasher = Argon2PasswordHasher()  # the server's hasher, not the tests' fast one
    User.objects.create(
        email="prod@school.example",
        name="Petra Productie",
        password=hasher.encode(PASSWORD, hasher.salt()),
    )
    server = production

    health = server.ask("GET", "/healthz", https=False)
    assert health.status == 200, "a health check over plain HTTP is not redirected"
    report = json.loads(health.body)
    assert (report["database"], report["tasks"], report["worker"]["state"]) == (
        "ok", {"ready": 0}, "missing"
    )  # fmt: skip

    redirect = server.ask("GET", "/login/", https=False)
    assert (redirect.status, redirect.headers["Location"]) == (301, server.origin + "/login/")

    login = server.ask("GET", "/login/")
    assert login.status == 200
    assert login.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert b'name="password"' in login.body
    stylesheet = re.search(rb'href="(/static/mijlpaal/app\.[^"]+\.css)"', login.body)
    assert stylesheet is not None, "hashed static names in the page"
    check_static_file(server, stylesheet.group(1).decode())

    session = log_in(server, "prod@school.example")
    plans = server.ask("GET", "/plans/", Cookie=f"sessionid={session}")
    assert plans.status == 200
    assert "Petra Productie" in plans.body.decode()

    missing = server.ask("GET", "/no-such-page/")
    assert missing.status == 404
    assert b"URLconf" not in missing.body, "DEBUG is off: no technical 404 page"


def test_every_setting_is_in_the_readme() -> None:
    project = DEPLOY_DOC.parents[1]
    settings_source = (project / "src" / "mijlpaal" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    assert {"SECRET_KEY", "SESSION_IDLE_HOURS", "SECURE_COOKIES"} <= names
    table = (project / "README.md").read_text(encoding="utf-8").split("## Configuration")[1]
    table = table.split("\n## ")[0]
    assert [name for name in sorted(names) if f"`{name}`" not in table] == []


def test_the_access_log_leaves_out_calendar_feed_tokens() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from gunicorn.config import Config  # type: ignore[import-untyped]

    from mijlpaal.operations.access_log import RedactingLogger

    logger = RedactingLogger(Config())
    token = "Zq8-secret-token_4711"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/feeds/{token}/plans/3.ics?x=1",
        "PATH_INFO": f"/feeds/{token}/plans/3.ics",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://example.org/feeds/{token}/all.ics",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, [], environ, dt.timedelta(milliseconds=5))
    assert atoms["r"] == "GET /feeds/…/plans/3.ics?x=1 HTTP/1.1"
    assert atoms["U"] == "/feeds/…/plans/3.ics"
    assert atoms["f"] == "https://example.org/feeds/…/all.ics"
    assert token not in repr(atoms)
    assert "mijlpaal.operations.access_log.RedactingLogger" in gunicorn_argv(
        bind="127.0.0.1:8000", workers=2
    )
