"""The sign-up page's password messages in Dutch: Django 5.2's length message stood in English on a Dutch page, and
its similarity message said "de e-mailadres"."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from lobmatch.models import User


@pytest.mark.parametrize("password, expected", [
    ("kort1", "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten."),
    ("sanne.jansen", "Het wachtwoord lijkt te veel op uw e-mailadres."),
])
def test_password_messages_are_dutch(password, expected):
    user = User(email="sanne.jansen@school.nl", first_name="Sanne")
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert expected in refused.value.messages
