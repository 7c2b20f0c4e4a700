"""Office hours became a programme's choice: programmes where mentors hold
them already keep them on."""

from django.db import migrations


def switch_on_where_held(apps, schema_editor):
    Programme = apps.get_model("programs", "Programme")
    OfficeHours = apps.get_model("officehours", "OfficeHours")
    held = OfficeHours.objects.values_list("programmes", flat=True).distinct()
    Programme.objects.filter(pk__in=[pk for pk in held if pk]).update(offers_office_hours=True)


class Migration(migrations.Migration):
    dependencies = [
        ("officehours", "0001_initial"),
        ("programs", "0012_office_hours_switch"),
    ]

    operations = [migrations.RunPython(switch_on_where_held, migrations.RunPython.noop)]
