from parta.accounts.models.roles import RoleAssignment
from parta.accounts.models.users import User

__all__ = ["RoleAssignment", "User"]
