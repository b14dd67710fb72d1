"""`make load` (bench/load.py, bench/locustfile.py): the users' mix is the documented one, and they
fill in the real status update form. The load itself runs only in `make load`, never here."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from types import ModuleType

from django.test import Client

from mijlpaal.monitoring.models import Entry
from tests.conftest import Actors, SamplePlan

BENCH = Path(__file__).resolve().parents[1] / "bench"
README = BENCH.parent / "README.md"

# Importing locust patches the standard library for gevent: it happens in a child process.
MIX = """
import json, locustfile
tasks = {}
for function in locustfile.Member.tasks:
    tasks[function.__name__] = tasks.get(function.__name__, 0) + 1
print(json.dumps({"tasks": tasks, "weights": locustfile.WEIGHTS,
                  "requests": locustfile.REQUESTS_PER_TASK, "think": locustfile.THINK_TIME}))
"""


def bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented_mix() -> dict[str, str]:
    """The table "share of requests" in the README's section on the load test."""
    section = README.read_text(encoding="utf-8").split("### Speed under load", 1)[1]
    section = section.split("\n#", 1)[0]
    return dict(re.findall(r"^\| ([^|]+?) \| (\d+ %) \|$", section, re.M))


def test_the_locustfile_imports_and_its_mix_is_the_documented_one() -> None:
    done = subprocess.run(
        [sys.executable, "-c", MIX], cwd=BENCH, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    mix = json.loads(done.stdout)
    assert mix["tasks"] == {
        "dashboard": 10, "overview": 9, "milestone_plan": 9, "veri_matrix": 7, "status_update": 5
    }  # fmt: skip
    assert mix["think"] == [2, 8]
    weights = mix["weights"]
    requests = {name: weight * mix["requests"].get(name, 1) for name, weight in weights.items()}
    total = sum(requests.values())
    assert Fraction(weights["status update"], total) == Fraction(1, 10), "10% of requests post"
    assert documented_mix() == {
        "dashboard": "20 %",
        "overview": "18 %",
        "milestone plan": "18 %",
        "VERI matrix": "14 %",
        "status update: the form": "10 %",
        "status update: posting it": "10 %",
        "status update: the milestone it returns to": "10 %",
    }
    assert {name: Fraction(n, total) for name, n in requests.items()} == {
        "dashboard": Fraction(20, 100),
        "overview": Fraction(18, 100),
        "milestone plan": Fraction(18, 100),
        "VERI matrix": Fraction(14, 100),
        "status update": Fraction(30, 100),
    }


def test_the_load_test_posts_the_real_form_and_a_second_send_is_stored_once(
    client: Client, sample: SamplePlan, actors: Actors
) -> None:
    formfields = bench_module("formfields")
    client.force_login(actors.contributor)
    path = f"/plans/{sample.plan.pk}/monitoring/update/milestone/{sample.milestone.pk}/"
    form = formfields.entry_form(client.get(path).content.decode())
    assert {"csrfmiddlewaretoken", "request_key", "explanation", "forecast"} <= set(form)
    assert "light" not in form, "no light is chosen yet"
    form |= {"light": "orange", "explanation": "Wacht op de offerte. [load-test-u01-0001]"}

    first = client.post(path, form)
    again = client.post(path, form)

    detail = f"/plans/{sample.plan.pk}/milestone/{sample.milestone.pk}/"
    assert (first.status_code, first["Location"]) == (302, detail)
    assert (again.status_code, again["Location"]) == (302, detail)
    stored = Entry.objects.filter(explanation__contains="[load-test-u01-0001]")
    assert [(e.light, e.author_name) for e in stored] == [("orange", "Cor Contributor")]
