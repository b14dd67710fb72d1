"""A stable key for goals, workstreams, milestones, activities and parties.

Existing rows get the ids the plan file gave them until now (w1, m1, a1, g1, p1 in display
order), so a plan file downloaded before this migration still replaces the same rows.
"""

import functools

from django.db import migrations, models

import mijlpaal.plans.models

KEYED = ("goal", "workstream", "milestone", "activity", "party")


def _display_order(apps, plan):
    """The rows of one plan in the order the plan file has always listed them."""
    model = functools.partial(apps.get_model, "plans")
    workstreams = list(model("Workstream").objects.filter(plan=plan).order_by("order", "id"))
    index = {w.pk: i for i, w in enumerate(workstreams)}

    def place(item):
        return (index.get(item.workstream_id, len(workstreams)), item.order, item.pk)

    return {
        "g": list(model("Goal").objects.filter(plan=plan).order_by("order", "id")),
        "w": workstreams,
        "m": sorted(model("Milestone").objects.filter(plan=plan), key=place),
        "a": sorted(model("Activity").objects.filter(plan=plan), key=place),
        "p": list(model("Party").objects.filter(plan=plan).order_by("order", "name", "id")),
    }


def give_keys(apps, schema_editor):
    for plan in apps.get_model("plans", "Plan").objects.all():
        for prefix, rows in _display_order(apps, plan).items():
            for number, row in enumerate(rows, 1):
                row.key = f"{prefix}{number}"
            if rows:
                type(rows[0]).objects.bulk_update(rows, ["key"])


def _key_field(prefix, default):
    return models.CharField(default=default, editable=False, max_length=100, verbose_name="key")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_membership_weekly_digest_plan_update_interval_weeks"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="key", field=_key_field(name[0], ""))
            for name in KEYED
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="key",
                field=_key_field(
                    name[0], functools.partial(mijlpaal.plans.models.new_key, name[0])
                ),
            )
            for name in KEYED
        ),
        *(
            migrations.AddConstraint(
                model_name=name,
                constraint=models.UniqueConstraint(
                    fields=("plan", "key"), name=f"{name}_key_unique"
                ),
            )
            for name in KEYED
        ),
    ]
