from django.contrib import admin

from kindred.programs.models import ImportRun, Invitation, Membership, Programme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["managers"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "role", "source", "joined_at"]
    list_filter = ["role", "programme", "source"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "programme"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["programme", "role", "created_at", "expires_at", "revoked_at", "use_count"]
    list_filter = ["programme", "role"]
    readonly_fields = ["token", "use_count"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "filename",
        "rows",
        "created",
        "updated",
        "enrolled",
        "finished_at",
    ]
    readonly_fields = [f.name for f in ImportRun._meta.fields]
