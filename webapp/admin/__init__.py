"""Role Management, Organization Management and the audit log."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from webapp.admin import audit_export, audit_log, locations, roles, users  # noqa: E402,F401

from webapp.navigation import nav_item  # noqa: E402

nav_item("Administration", "Role Management", "admin.roles", "manage_roles", 10)
nav_item("Administration", "Stores", "admin.locations", "manage_organization", 20)
nav_item("Administration", "Users", "admin.users", "manage_organization", 30)
nav_item("Administration", "Audit log", "admin.audit_log", "manage_organization", 40)
