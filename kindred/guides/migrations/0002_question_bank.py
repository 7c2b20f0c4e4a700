from django.db import migrations


def load_bank(apps, schema_editor):
    from kindred.guides.bank import ensure_question_bank

    ensure_question_bank(apps.get_model("guides", "Question"))


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]

    operations = [migrations.RunPython(load_bank, migrations.RunPython.noop)]
