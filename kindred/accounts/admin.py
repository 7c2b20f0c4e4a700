from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from kindred.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "department", "timezone", "is_org_admin", "is_staff"]
    list_filter = ["is_org_admin", "is_staff", "is_active", "department"]
    search_fields = ["email", "full_name", "department", "title"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Person",
            {
                "fields": (
                    "full_name",
                    "title",
                    "level",
                    "department",
                    "manager_email",
                    "location",
                    "timezone",
                    "languages",
                )
            },
        ),
        (
            "Access",
            {"fields": ("is_active", "is_org_admin", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
