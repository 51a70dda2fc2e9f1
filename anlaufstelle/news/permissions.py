"""Who may write the centre's news (added to the role table in core.roles)."""

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        "news.edit": {Role.CENTRE_ADMIN, Role.EDITOR},
    }
)
