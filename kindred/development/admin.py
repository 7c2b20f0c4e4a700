from django.contrib import admin

from kindred.development.models import ModuleProgress, ProgrammeModule, SelfAssessment


@admin.register(ModuleProgress)
class ModuleProgressAdmin(admin.ModelAdmin):
    list_display = ["person", "module", "started_at", "completed_at"]
    list_filter = ["module"]
    raw_id_fields = ["person"]


@admin.register(ProgrammeModule)
class ProgrammeModuleAdmin(admin.ModelAdmin):
    list_display = ["programme", "module", "requirement", "required_of"]
    list_filter = ["requirement", "module"]
    raw_id_fields = ["programme", "updated_by"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    """Listed without answers: a mentor's self-view is theirs."""

    list_display = ["id", "moment", "submitted_at"]
    list_filter = ["moment"]
    exclude = ["answers", "areas"]
    raw_id_fields = ["person"]

    def has_change_permission(self, request, obj=None):
        return False
