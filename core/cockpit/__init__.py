"""Home's cockpit (docs/RULES.md, "Home"): every item that needs doing in a store, each in plain words with the
page that fixes it, and what could not be read.

Model (:mod:`.model`): items, their severity and order, what Home knows of the connection and the store. Which
items and their words: :func:`cockpit` (:mod:`.items`), judged by the alerts' rules (:mod:`core.alerts.rules`);
which of the sync's readings stand (:mod:`.sources`). Reads (:mod:`.queries`): :func:`store_facts`.
"""

from core.cockpit.items import cockpit
from core.cockpit.model import Cockpit, Connection, Item, Place, Severity, StoreFacts, Topic, Unread
from core.cockpit.queries import store_facts

__all__ = [
    "Cockpit",
    "Connection",
    "Item",
    "Place",
    "Severity",
    "StoreFacts",
    "Topic",
    "Unread",
    "cockpit",
    "store_facts",
]
