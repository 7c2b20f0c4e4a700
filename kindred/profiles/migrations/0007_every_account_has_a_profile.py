"""Every account has a profile from now on (created with the account), so
pages that only read a profile never create one: accounts made before this
release without one get theirs here."""

from django.db import migrations


def give_every_account_a_profile(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("profiles", "Profile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create(
        [Profile(user_id=pk) for pk in missing.iterator()], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0006_single_line_names"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(give_every_account_a_profile, migrations.RunPython.noop)]
