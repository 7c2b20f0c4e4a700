# Why an occurrence needs another time is now kept as a phrase (JSON) with
# every reason in it: no fixed length fits all of them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0008_video'),
    ]

    operations = [
        migrations.AlterField(
            model_name='meeting',
            name='needs_new_time',
            field=models.TextField(blank=True, help_text='Why this occurrence of a series needs another time.'),
        ),
    ]
