"""What every capability shares: the root of the product's errors, the clock, and who acts."""

from core.shared.actor import OPERATOR, SYSTEM, Actor
from core.shared.clock import Clock, system_clock
from core.shared.errors import DomainError, incident_reference, mark_recorded, was_recorded

__all__ = [
    "OPERATOR",
    "SYSTEM",
    "Actor",
    "Clock",
    "DomainError",
    "incident_reference",
    "mark_recorded",
    "system_clock",
    "was_recorded",
]
