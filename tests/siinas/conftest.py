"""SIINas tests use the API tests' world: the access matrix's three units with 2018 reports."""

from tests.api.conftest import api_world  # noqa: F401  (fixture)
