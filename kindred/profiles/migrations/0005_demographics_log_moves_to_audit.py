# The demographics access trail joins the organisation's audit log, which
# outlives an erased person (the old table cascaded with the subject).

from django.db import migrations


def copy_to_audit(apps, schema_editor):
    Access = apps.get_model("profiles", "DemographicsAccess")
    AuditEvent = apps.get_model("audit", "AuditEvent")

    def label(user):
        return f"{user.full_name} <{user.email}>" if user is not None else ""

    actions = {"read": "demographics.read", "update": "demographics.change"}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=row.at,
                action=actions[row.action],
                actor=row.accessor,
                actor_label=label(row.accessor),
                subject=row.subject,
                subject_label=label(row.subject),
                detail=row.purpose,
                channel=row.channel,
            )
            for row in Access.objects.select_related("accessor", "subject").iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_time_off"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_audit, migrations.RunPython.noop),
        migrations.DeleteModel(name="DemographicsAccess"),
    ]
