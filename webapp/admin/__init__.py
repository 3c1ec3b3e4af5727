"""Role Management, Organization Management and the audit log."""
from webapp.admin import audit_export, audit_log, locations, roles, users
from webapp.admin.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "admin", blueprints=(bp,), routes=(roles, locations, users, audit_log, audit_export),
    menu=(MenuEntry("Administration", "Role Management", "admin.roles", "manage_roles", 10),
          MenuEntry("Administration", "Stores", "admin.locations", "manage_organization", 20),
          MenuEntry("Administration", "Users", "admin.users", "manage_organization", 30),
          MenuEntry("Administration", "Audit log", "admin.audit_log", "manage_organization",
                    40)))
