"""Skip logic: which questions a respondent sees, in what order, given what they have answered."""

from collections.abc import Mapping

from app.questionnaire.schema import Question, Survey

Answers = Mapping[str, object]


def is_shown(question: Question, answers: Answers, age_band: str | None) -> bool:
    if question.ages and age_band not in question.ages:
        return False
    return all(
        _condition_holds(answers.get(qid), values) for qid, values in question.show_if.items()
    )


def _condition_holds(answer: object, values: tuple[str, ...]) -> bool:
    if isinstance(answer, list):
        return any(str(item) in values for item in answer)
    return answer is not None and str(answer) in values


def visible_questions(survey: Survey, answers: Answers, age_band: str | None) -> list[Question]:
    """The questions this respondent sees, given their answers so far.

    A question whose condition depends on an unanswered question stays hidden, so the list only
    grows as answers arrive and the progress indicator never jumps backwards for no reason.
    """
    return [q for q in survey.questions if is_shown(q, answers, age_band)]


def next_question(
    survey: Survey, current_id: str | None, answers: Answers, age_band: str | None
) -> Question | None:
    """The first shown question after ``current_id`` (or the first of all), else None."""
    started = current_id is None
    for question in survey.questions:
        if started and is_shown(question, answers, age_band):
            return question
        if question.id == current_id:
            started = True
    return None


def previous_question(
    survey: Survey, current_id: str, answers: Answers, age_band: str | None
) -> Question | None:
    earlier: Question | None = None
    for question in survey.questions:
        if question.id == current_id:
            return earlier
        if is_shown(question, answers, age_band):
            earlier = question
    return None


def progress(
    survey: Survey, current_id: str, answers: Answers, age_band: str | None
) -> tuple[int, int]:
    """(position of the current question, number of questions) among those shown."""
    shown = [q.id for q in visible_questions(survey, answers, age_band)]
    if current_id not in shown:
        shown.append(current_id)
    return shown.index(current_id) + 1, len(shown)
