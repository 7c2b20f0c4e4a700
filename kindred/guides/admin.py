from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.guides.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """The shared bank and programmes' own questions. A pair's own questions
    are theirs alone and are not listed here."""

    list_display = ["text", "level", "programme", "retired"]
    list_filter = ["level", "retired"]
    search_fields = ["text"]
    raw_id_fields = ["programme", "created_by"]
    exclude = ["relationship"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).filter(relationship__isnull=True)
