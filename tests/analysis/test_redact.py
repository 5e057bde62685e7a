"""Redaction of personal details in realistic answers, one kind at a time and together."""

from __future__ import annotations

import pytest

from analysis.redact import PLACEHOLDERS, RedactionResult, redact

SCHOOLS = ["St Mary's High School", "Harlington Community School", "Rosedale College"]


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("text me on 07700 900123 if u want", "text me on [phone number] if u want", "phone"),
        ("my number is 07700900123", "my number is [phone number]", "phone"),
        ("ring +44 7700 900123 pls", "ring [phone number] pls", "phone"),
        ("our house phone is 020 7946 0018", "our house phone is [phone number]", "phone"),
        ("email me jo.bloggs+1@example.co.uk", "email me [e-mail]", "email"),
        ("i live near UB3 4RT", "i live near [postcode]", "postcode"),
        ("my postcode is ub34rt lol", "my postcode is [postcode] lol", "postcode"),
        ("I live at 12 Acacia Road with my nan", "I live at [address] with my nan", "address"),
        ("we are at 7b lime grove", "we are at [address]", "address"),
        ("flat 3 Willow Court is where i stay", "[address] is where i stay", "address"),
        ("my snap is jaz_22 add me", "my snap is [social media handle] add me", "handle"),
        ("add me on insta xyz.abc", "add me on insta [social media handle]", "handle"),
        ("follow me @cool_kid99", "follow me [social media handle]", "handle"),
        ("my sc: jaz_22.", "my sc: [social media handle].", "handle"),
        ("tiktok dancer.girl09 follow", "tiktok [social media handle] follow", "handle"),
        ("my name is Kayla and im 12", "my name is [name] and im 12", "name"),
        ("I'm called sam", "I'm called [name]", "name"),
        ("Hi, I'm Jake Smith and I like football", "Hi, I'm [name] and I like football", "name"),
        ("i go to st marys high school", "i go to [school]", "school"),
        ("Rosedale College is alright", "[school] is alright", "school"),
    ],
)
def test_each_kind_is_replaced_by_its_placeholder(text: str, expected: str, kind: str) -> None:
    assert redact(text, known_names=SCHOOLS) == RedactionResult(expected, (kind,))


@pytest.mark.parametrize(
    "text",
    [
        "More lights on Station Road and the 207 bus more often please",
        "from 2019 to 2023 the park got worse, there are 12 people on the road at night",
        "im bored and I'm not sure",
        "I am British and I love the library",
        "add me on snap if you want",
        "the youth club in Hayes is the best place",
        "",
    ],
)
def test_text_with_nothing_personal_is_left_unchanged(text: str) -> None:
    assert redact(text, known_names=SCHOOLS) == RedactionResult(text, ())


def test_several_details_in_one_answer_are_all_hidden_in_order_found() -> None:
    text = (
        "My name is Leah, I go to Harlington Community School, "
        "I live at 4 Elm Close UB3 1AA, text 07700 900456 or snap leah.x"
    )
    result = redact(text, known_names=SCHOOLS)
    assert result.text == (
        "My name is [name], I go to [school], "
        "I live at [address] [postcode], text [phone number] or snap [social media handle]"
    )
    assert result.kinds == ("name", "school", "address", "postcode", "phone", "handle")


def test_an_email_is_not_also_read_as_a_handle() -> None:
    assert redact("mail me at sam@example.com").text == "mail me at [e-mail]"


def test_the_app_can_pass_translated_placeholders() -> None:
    polish = {**PLACEHOLDERS, "phone": "[numer telefonu]"}
    result = redact("zadzwoń 07700 900123", placeholders=polish)
    assert result.text == "zadzwoń [numer telefonu]"


def test_placeholders_cover_every_kind_with_plain_bracketed_text() -> None:
    assert set(PLACEHOLDERS) == {
        "phone",
        "email",
        "postcode",
        "address",
        "handle",
        "name",
        "school",
    }
    assert all(p.startswith("[") and p.endswith("]") for p in PLACEHOLDERS.values())
