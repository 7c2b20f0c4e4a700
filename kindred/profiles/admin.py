from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from kindred.accounts.models import User
from kindred.lib.admin import ReadOnlyAdmin
from kindred.profiles.models import Demographics, Profile, Topic
from kindred.profiles.selectors import demographics_read


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "retired"]
    list_filter = ["kind", "retired", "programme"]
    search_fields = ["name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "intake_completed_at", "updated_at"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["goals", "skills_sought", "skills_offered"]
    list_select_related = ["user"]


@admin.register(Demographics)
class DemographicsAdmin(ReadOnlyAdmin):
    """Read-only, and every record opened is audit-logged. The list shows no
    answers and cannot be filtered or searched: a query such as
    `?user=5&ethnicity=…` would otherwise answer, by its count, what one
    person said without anything being logged."""

    list_display = ["id", "updated_at"]
    fields = list(Demographics.FIELDS)
    actions = None

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_org_admin", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_org_admin", False))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        record = Demographics.objects.filter(pk=object_id).select_related("user").first()
        if record is not None and isinstance(request.user, User):
            demographics_read(
                viewer=request.user, subject=record.user, channel="admin", purpose="admin view"
            )
        return super().change_view(request, object_id, form_url, extra_context)
