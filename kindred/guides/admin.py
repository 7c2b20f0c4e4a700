from django.contrib import admin

from kindred.guides.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "level", "programme", "retired"]
    list_filter = ["level", "retired"]
    search_fields = ["text"]
    raw_id_fields = ["programme", "relationship", "created_by"]
