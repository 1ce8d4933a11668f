"""The pydantic models: the single source of truth for selfshop's files and results."""

from selfshop.models.audit import Audit, FailOn, Gate, Timeouts
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Action, Channel, Device, Journey, Step, Target
from selfshop.models.results import (
    CheckResult,
    CheckStatus,
    Finding,
    JourneyResult,
    Run,
    Severity,
    StepResult,
    Verdict,
)
from selfshop.models.standards import Standard, Standards

__all__ = [
    "Action",
    "Audit",
    "Channel",
    "CheckResult",
    "CheckStatus",
    "Device",
    "EvidenceKind",
    "FailOn",
    "Finding",
    "Gate",
    "Journey",
    "JourneyResult",
    "Run",
    "Severity",
    "Standard",
    "Standards",
    "Step",
    "StepEvidence",
    "StepResult",
    "StepStatus",
    "Target",
    "Timeouts",
    "Verdict",
]
