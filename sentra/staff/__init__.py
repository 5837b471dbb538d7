"""User management by admins (see views)."""
