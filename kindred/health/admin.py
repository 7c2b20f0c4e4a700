"""Survey answers are private and not in the admin; snapshots are figures."""

from django.contrib import admin

from kindred.health.models import HealthSnapshot


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(admin.ModelAdmin):
    list_display = ["relationship", "on", "score", "at_risk"]
    list_filter = ["at_risk", "on"]
    raw_id_fields = ["relationship", "programme"]
