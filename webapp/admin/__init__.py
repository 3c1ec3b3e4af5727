"""Administration: Role Management, Stores, Users and the audit log."""
from webapp.admin.audit_log import views as audit_log
from webapp.admin.roles import views as roles
from webapp.admin.stores import views as stores
from webapp.admin.users import views as users
from webapp.admin.blueprint import bp
from webapp.features import Feature, MenuEntry

FEATURE = Feature(
    "admin", blueprints=(bp,),
    routes=(roles, stores, users, audit_log),
    menu=(MenuEntry("Administration", "Role Management", "admin.roles", "manage_roles", 10),
          MenuEntry("Administration", "Stores", "admin.locations", "manage_organization", 20),
          MenuEntry("Administration", "Users", "admin.users", "manage_organization", 30),
          MenuEntry("Administration", "Audit log", "admin.audit_log", "manage_organization",
                    40)))
