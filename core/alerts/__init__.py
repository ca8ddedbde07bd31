"""Alerts (docs/RULES.md, "Background sync and alerts"): each store told, by email and by webhook, about what
needs attention, once per episode of a condition.

Model (:mod:`.model`): the conditions and their thresholds, the settings' validation. Delivery
(:mod:`.delivery`): SMTP and Slack-compatible webhooks. Use cases (:mod:`.services`): :func:`set_alert_settings`,
:func:`raise_alerts` (run by the background sync). Reads (:mod:`.queries`): :func:`alert_settings`,
:func:`alert_episodes`.
"""

from core.alerts.delivery import Message, Notifier, SmtpSettings
from core.alerts.model import Condition, InvalidAlertSettings, Judgement, judge, mask_webhook
from core.alerts.queries import AlertSettingsView, EpisodeView, alert_episodes, alert_settings
from core.alerts.services import SET_ALERTS, AlertsOutcome, raise_alerts, set_alert_settings

__all__ = [
    "SET_ALERTS",
    "AlertSettingsView",
    "AlertsOutcome",
    "Condition",
    "EpisodeView",
    "InvalidAlertSettings",
    "Judgement",
    "Message",
    "Notifier",
    "SmtpSettings",
    "alert_episodes",
    "alert_settings",
    "judge",
    "mask_webhook",
    "raise_alerts",
    "set_alert_settings",
]
