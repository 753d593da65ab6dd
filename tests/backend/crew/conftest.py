"""The phone API's fixtures: a crew's published day and a signed-in device."""

from tests.mobile_api.conftest import day, device, today  # noqa: F401
