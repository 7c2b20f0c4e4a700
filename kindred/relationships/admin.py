from django.contrib import admin

from kindred.relationships.models import Relationship


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "programme", "status", "source", "started_at"]
    list_filter = ["status", "source", "programme"]
    raw_id_fields = ["mentor", "mentee"]
    list_select_related = ["mentor", "mentee", "programme"]
