"""Meta's ``timezone_id`` numbers and the time zones they stand for (Marketing API, "Timezone IDs")."""

from __future__ import annotations

TIMEZONES: dict[int, str] = {
    1: "America/Los_Angeles",
    2: "America/Denver",
    3: "Pacific/Honolulu",
    4: "America/Anchorage",
    5: "America/Phoenix",
    6: "America/Chicago",
    7: "America/New_York",
}
