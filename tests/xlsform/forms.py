"""Real .xlsx XLSForms built with openpyxl, shaped like forms exported from KoboToolbox."""

from pathlib import Path

import openpyxl

SURVEY_HEADER = [
    "type",
    "name",
    "label::English (en)",
    "label::Polski (pl)",
    "label::Somali",
    "hint::English (en)",
    "hint::Polski (pl)",
    "relevant",
    "calculation",
    "required",
]
# One row per line of the sheet, so that the row numbers in warnings can be checked: the header
# is row 1, feel_safe is row 2, and so on.
SURVEY_ROWS = [
    ["select_one yn", "feel_safe", "Do you feel safe where you live?",
     "Czy czujesz się bezpiecznie tam, gdzie mieszkasz?", "Ma dareemaysaa ammaan?",
     "Think about the last month", "Pomyśl o ostatnim miesiącu", "", "", "yes"],
    ["select_one mood", "mood", "How do you feel today?", "Jak się dziś czujesz?", "", "", "",
     "", "", ""],
    ["begin_group", "places_group", "About places", "O miejscach", "", "", "", "", "", ""],
    ["select_multiple places", "unsafe_places", "Where do you not feel safe?",
     "Gdzie nie czujesz się bezpiecznie?", "Xaggee?", "", "", "${feel_safe} = 'no'", "", ""],
    ["text", "what_happens", "What happens there?", "Co się tam dzieje?", "", "", "",
     "selected(${unsafe_places}, 'BusStation') or selected(${unsafe_places}, 'Park_1')", "", ""],
    ["end_group", "", "", "", "", "", "", "", "", ""],
    ["begin_repeat", "friends", "Tell us about a friend", "Opowiedz nam o przyjacielu", "", "",
     "", "", "", ""],
    ["integer", "friend_age", "How old is your friend?", "Ile lat ma twój przyjaciel?", "", "",
     "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", ""],
    ["text", "tell_more", "Tell us more", "Powiedz nam więcej", "", "", "",
     "(${mood} = 'Not-Good' or ${mood} = 'OK') and ${feel_safe} = 'no'", "", ""],
    ["text", "not_park", "Why not the park?", "", "", "", "",
     "not(selected(${unsafe_places}, 'Park_1'))", "", ""],
    ["text", "older_friend", "What do you do together?", "", "", "", "", "${friend_age} > 12",
     "", ""],
    ["calculate", "score", "", "", "", "", "", "", "1 + 1", ""],
    ["geopoint", "location", "Where are you now?", "", "", "", "", "", "", ""],
    ["note", "thanks", "Thank you", "Dziękujemy", "Mahadsanid", "", "",
     "count-selected(${unsafe_places}) > 1", "", ""],
    ["begin_group", "safe_group", "", "", "", "", "", "${feel_safe} = 'yes'", "", ""],
    ["text", "what_helps", "What helps you feel safe?", "Co pomaga ci czuć się bezpiecznie?", "",
     "", "", "", "", ""],
    ["end_group", "", "", "", "", "", "", "", "", ""],
    ["text", "Q-Final", "Anything else?", "Coś jeszcze?", "", "", "",
     "${mood} = 'OK' or ${feel_safe} = 'yes'", "", ""],
]  # fmt: skip
CHOICES_HEADER = ["list_name", "name", "label::English (en)", "label::Polski (pl)", "label::Somali"]
CHOICES_ROWS = [
    ["yn", "yes", "Yes", "Tak", "Haa"],
    ["yn", "no", "No", "Nie", "Maya"],
    ["mood", "Very Happy", "Very happy", "Bardzo szczęśliwy", ""],
    ["mood", "OK", "OK", "W porządku", ""],
    ["mood", "Not-Good", "Not good", "Niedobrze", ""],
    ["places", "BusStation", "Bus station", "Dworzec autobusowy", "Saldhigga baska"],
    ["places", "Park_1", "The park", "Park", "Beerta"],
    ["places", "shops", "Shops", "Sklepy", ""],
]
SETTINGS = {"form_title": "Feeling safe", "form_id": "feeling_safe_2025"}


def write_form(path: Path, survey_rows, choices_rows=(), settings=None, headers=None) -> Path:
    """Save an XLSForm workbook with survey, choices and (optionally) settings sheets."""
    survey_header, choices_header = headers or (SURVEY_HEADER, CHOICES_HEADER)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in [survey_header, *survey_rows]:
        sheet.append(row)
    choices = workbook.create_sheet("choices")
    for row in [choices_header, *choices_rows]:
        choices.append(row)
    if settings:
        settings_sheet = workbook.create_sheet("settings")
        settings_sheet.append(list(settings))
        settings_sheet.append(list(settings.values()))
    workbook.save(path)
    return path
