import pytest


@pytest.fixture
def year(today) -> int:
    """This CPD year (a calendar year, as the Medical Board counts it) on the test clock."""
    return today.year
