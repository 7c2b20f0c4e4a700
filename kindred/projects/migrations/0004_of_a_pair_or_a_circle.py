"""A project belongs to a pair or to a circle, and always to a programme
(which the showcase reads without knowing which)."""

import django.db.models.deletion
from django.db import migrations, models


def programme_from_relationship(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Relationship = apps.get_model("relationships", "Relationship")
    programmes = dict(Relationship.objects.values_list("pk", "programme_id"))
    for project in Project.objects.filter(programme__isnull=True).only("pk", "relationship_id"):
        project.programme_id = programmes[project.relationship_id]
        project.save(update_fields=["programme"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0011_peer_mentoring"),
        ("relationships", "0001_initial"),
        ("projects", "0003_plural_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="projects",
                to="programs.programme",
            ),
        ),
        migrations.RunPython(programme_from_relationship, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="project",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="projects",
                to="programs.programme",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="relationship",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="projects",
                to="relationships.relationship",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="circle",
            field=models.PositiveIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("circle__isnull", True), ("relationship__isnull", False)),
                    models.Q(("circle__isnull", False), ("relationship__isnull", True)),
                    _connector="OR",
                ),
                name="project_of_a_pair_or_a_circle",
            ),
        ),
    ]
