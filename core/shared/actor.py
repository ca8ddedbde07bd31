"""Who acts: the person behind a use case, as the audit log records and shows them."""

from __future__ import annotations

from dataclasses import dataclass

from core.shared.i18n import N_


@dataclass(frozen=True)
class Actor:
    """``id`` is stable (the signed-in email, or ``system``); ``name`` is what people read in the Activity log.

    ``privileged`` marks the app's own work (the background sync, the retention purge, an operator's command): it
    acts for every store without being one of its members."""

    id: str
    name: str = ""
    privileged: bool = False

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def __str__(self) -> str:
        return self.display_name


# The app's own names are kept in English (the audit log stores them) and translated where shown.
SYSTEM = Actor("system", N_("Smart Ads (automatic)"), privileged=True)
OPERATOR = Actor("operator", N_("Smart Ads operator"), privileged=True)
APP_ACTORS = frozenset({SYSTEM.id, OPERATOR.id})
