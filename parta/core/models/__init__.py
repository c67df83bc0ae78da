from parta.core.models.audit import AuditEvent

__all__ = ["AuditEvent"]
