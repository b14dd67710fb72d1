"""Docker does not run here: the reference deployment is checked as text. The image is the
production command as a non-root user with hashed requirements; compose runs the app, the worker,
PostgreSQL 15 with a volume and the weekly job; every `mijlpaal …` they and docs/deploy.md run
is a command that exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

from mijlpaal.cli import ALIASES, PLANNING_COMMANDS

PROJECT = Path(__file__).resolve().parents[2]
DOCKERFILE = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((PROJECT / "compose.yaml").read_text(encoding="utf-8"))
DEPLOY_DOC = (PROJECT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_the_image_runs_the_production_command_as_a_user_with_hashed_requirements() -> None:
    assert DOCKERFILE.startswith("#") and "\nFROM python:3.11-slim\n" in DOCKERFILE
    assert "pip install --require-hashes -r /src/requirements.txt" in DOCKERFILE
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert 'CMD ["mijlpaal", "production", "--bind", "0.0.0.0:8000"]' in DOCKERFILE
    assert "HEALTHCHECK" in DOCKERFILE and "/healthz" in DOCKERFILE


def test_compose_runs_app_worker_postgresql_and_the_weekly_job() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"db", "app", "worker", "digest"}
    assert services["db"]["image"] == "postgres:15"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])
    assert set(COMPOSE["volumes"]) == {"postgres", "data"}
    assert services["app"]["command"][:2] == ["mijlpaal", "production"]
    assert services["worker"]["command"] == ["mijlpaal", "worker"]
    assert "mijlpaal digest" in services["digest"]["command"][-1]
    for name in ("app", "worker", "digest"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://mijlpaal:")
        assert environment["MIJLPAAL_PRODUCTION"] == "1"
    assert services["app"]["ports"] == ["127.0.0.1:8000:8000"], "only the proxy on the host"


# `mijlpaal X` where it is run: at the start of a line, after a path, a backtick, `exec`,
# `compose exec app`, in an exec-form list, or through the docs' `mijlpaal-admin` helper.
INVOCATION = re.compile(
    r'(?:^[ \t-]*|bin/|`|exec |app |\[")mijlpaal(?:", "| )([a-z][a-z_-]+)'
    r"|mijlpaal-admin ([a-z][a-z_-]+)",
    re.MULTILINE,
)


def used_commands() -> set[str]:
    found = set()
    for text in (DOCKERFILE, DEPLOY_DOC, yaml.safe_dump(COMPOSE, width=1000)):
        for match in INVOCATION.finditer(text):
            found.add(match.group(1) or match.group(2))
    return found


def test_every_command_the_deployment_runs_exists() -> None:
    used = used_commands()
    assert {"production", "worker", "digest", "backup", "restore", "erase-person"} <= used
    known = set(get_commands()) | set(ALIASES) | PLANNING_COMMANDS
    assert sorted(used - known) == []
