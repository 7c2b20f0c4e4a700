"""A circle's default name ("Circle 2: Amara") was stored in English; it is
now its number and the facilitator it was formed around, worded in each
reader's language when read. Names people gave stay as given."""

import re

from django.db import migrations, models

import kindred.lib.text

DEFAULT_NAME = re.compile(r"^Circle (\d+): (.*)$")


def split_default_names(apps, schema_editor):
    Circle = apps.get_model("circles", "Circle")
    numbers: dict[int, int] = {}
    for circle in Circle.objects.order_by("programme_id", "formed_at", "id"):
        numbers[circle.programme_id] = numbers.get(circle.programme_id, 0) + 1
        circle.number = numbers[circle.programme_id]
        default = DEFAULT_NAME.match(circle.given_name)
        if default:
            circle.number = int(default.group(1))
            circle.formed_around = default.group(2)
            circle.given_name = ""
        circle.save(update_fields=["number", "formed_around", "given_name"])


def join_default_names(apps, schema_editor):
    Circle = apps.get_model("circles", "Circle")
    for circle in Circle.objects.filter(given_name=""):
        circle.given_name = f"Circle {circle.number}: {circle.formed_around}"[:80]
        circle.save(update_fields=["given_name"])


class Migration(migrations.Migration):
    dependencies = [("circles", "0005_circle_health_snapshot")]

    operations = [
        migrations.RenameField("circle", "name", "given_name"),
        migrations.AlterField(
            model_name="circle",
            name="given_name",
            field=models.CharField(
                blank=True, max_length=80, validators=[kindred.lib.text.validate_single_line]
            ),
        ),
        migrations.AddField(
            model_name="circle", name="number", field=models.PositiveIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="circle",
            name="formed_around",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AlterModelOptions(
            name="circle", options={"ordering": ["programme", "number", "id"]}
        ),
        migrations.RunPython(split_default_names, join_default_names),
    ]
