"""Who may edit the centre's e-mail texts (added to the role table in core.roles).

The start page and one's own messages need only `core.view_internal_area`: everybody sees their own.
"""

from anlaufstelle.core.roles import Role, register_permissions

register_permissions(
    {
        "workspace.edit_mail_texts": {Role.CENTRE_ADMIN},
    }
)
