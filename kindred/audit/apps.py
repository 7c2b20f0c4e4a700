from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kindred.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from kindred.audit import signals  # noqa: F401  (connects the role-change receivers)
