"""The personas' world (owner A's unit, owner B's units in two kecamatan) for account tests."""

from tests.registry_edit.conftest import world  # noqa: F401  (fixture)
