"""What every capability shares: the root of the product's errors, the clock, and who acts."""

from core.shared.actor import OPERATOR, SYSTEM, Actor
from core.shared.clock import Clock, system_clock
from core.shared.errors import DomainError

__all__ = ["OPERATOR", "SYSTEM", "Actor", "Clock", "DomainError", "system_clock"]
