from django.contrib import admin

from kindred.circles.models import Circle, CircleMember


class PlaceInline(admin.TabularInline):
    model = CircleMember
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "role", "joined_at", "left_at")


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "status", "formed_at")
    list_filter = ("status",)
    search_fields = ("given_name", "formed_around", "programme__name")
    inlines = [PlaceInline]
