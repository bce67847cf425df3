from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "kind",
        "file_name",
        "user",
        "dry_run",
        "created",
        "updated",
        "unchanged",
    ]
    list_filter = ["kind", "dry_run", "started_at"]
    search_fields = ["file_name", "sha256", "user__username"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
