from django.contrib import admin

from kindred.matching.models import Exclusion, MatchingSettings, MatchRun, MentorRequest, Proposal


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "min_overlap_hours", "allow_same_department", "self_match"]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["programme", "status", "objective", "gap", "created_at", "published_at"]
    list_filter = ["status", "programme"]
    readonly_fields = ["settings", "engine_version", "input_hash", "audit", "unmatched", "timings"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "score", "status", "mentee_decision", "mentor_decision"]
    list_filter = ["status"]
    raw_id_fields = ["mentee", "mentor", "run", "relationship", "declined_by"]
    list_select_related = ["mentee", "mentor"]


@admin.register(Exclusion)
class ExclusionAdmin(admin.ModelAdmin):
    list_display = ["programme", "mentee", "mentor", "reason", "created_at"]
    raw_id_fields = ["mentee", "mentor", "created_by"]


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "programme", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["mentee", "mentor", "relationship"]
