"""Respondent-page fixtures: a child who has started the test consultation and said their age."""

import pytest

from tests.factories import create_consultation
from tests.respondent_driver import Respondent


@pytest.fixture
def child(client, app):
    create_consultation()
    respondent = Respondent(client, "test-consultation")
    respondent.start()
    respondent.about("12-15")
    return respondent
