"""Survey definitions: loading and validating ``surveys/*.yaml``, skip logic and answer parsing.

The surveys are loaded once when the app starts; a broken file stops the app with a clear message.
"""

from flask import Flask, current_app

from app.questionnaire.loader import SurveyFileError, load_surveys
from app.questionnaire.schema import Survey

__all__ = ["SurveyFileError", "get_survey", "init_surveys", "all_surveys"]


def init_surveys(app: Flask) -> None:
    app.extensions["surveys"] = load_surveys(app.config["SURVEYS_DIR"])


def all_surveys() -> dict[tuple[str, int], Survey]:
    return current_app.extensions["surveys"]


def get_survey(survey_id: str, version: int) -> Survey | None:
    return all_surveys().get((survey_id, version))
