"""Who acts: the person behind a use case, as the audit log records and shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """``id`` is stable (the signed-in email, or ``system``); ``name`` is what people read in the Activity log."""

    id: str
    name: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def __str__(self) -> str:
        return self.display_name


SYSTEM = Actor("system", "Smart Ads (automatic)")
