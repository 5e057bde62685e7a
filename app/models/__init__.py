"""SQLAlchemy models by domain; importing this package registers every table."""

from app.models.analysis import (
    FLAG_OUTCOMES,
    AnswerAnalysis,
    AnswerTheme,
    OutboxEmail,
    SafeguardingFlag,
)
from app.models.consultations import Consultation, Survey, consultation_groups
from app.models.kpi import KpiTally
from app.models.live import LIVE_STATES, PACING, LiveSession, LiveShownAnswer
from app.models.people import ROLES, AuditEvent, RecoveryCode, User
from app.models.pilot import (
    PILOT_MEASURES,
    KpiReference,
    PilotMeasure,
    PlaceAssessment,
    WaveReport,
    YouSaidWeDid,
)
from app.models.responses import MODES, Answer, Response
from app.models.setup import Group, Place, PlaceMap, PopulationSize, Wave

__all__ = [
    "LIVE_STATES",
    "PACING",
    "LiveSession",
    "LiveShownAnswer",
    "PILOT_MEASURES",
    "KpiReference",
    "KpiTally",
    "PilotMeasure",
    "PlaceAssessment",
    "WaveReport",
    "YouSaidWeDid",
    "FLAG_OUTCOMES",
    "AnswerAnalysis",
    "AnswerTheme",
    "OutboxEmail",
    "SafeguardingFlag",
    "MODES",
    "ROLES",
    "Answer",
    "AuditEvent",
    "Consultation",
    "Group",
    "Place",
    "PlaceMap",
    "PopulationSize",
    "RecoveryCode",
    "Response",
    "Survey",
    "User",
    "Wave",
    "consultation_groups",
]
