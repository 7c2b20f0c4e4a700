from django.contrib import admin

from kindred.projects.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "relationship", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["relationship", "created_by", "showcase_deliverable"]
