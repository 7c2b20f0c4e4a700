from django.db import migrations

from kindred.profiles.vocabulary import ensure_shared_vocabulary


def add_vocabulary(apps, schema_editor):
    ensure_shared_vocabulary(apps.get_model("profiles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]

    operations = [migrations.RunPython(add_vocabulary, migrations.RunPython.noop)]
