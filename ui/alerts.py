"""The Store settings page's "Alerts and background sync" section: where alerts go, the last sync and its
problems, the alerts told lately, and "Sync now" (the same store sync the workers run, in this process)."""

from __future__ import annotations

import streamlit as st

from core.alerts import SmtpSettings, alert_episodes, alert_settings, set_alert_settings
from core.alerts.delivery import Notifier
from core.graph import GraphError
from core.shared import DomainError, words
from core.stores import Permission
from core.sync import Outcome, StoreBusy, last_sync
from core.sync.runtime import SyncEnvironment
from core.sync.settings import SyncSettings
from ui import feedback, runtime

WHERE = "alerts_section"
OUTCOME_WORDS = {
    Outcome.RUNNING: "running now",
    Outcome.OK: "everything was read",
    Outcome.PARTIAL: "done, with problems below",
    Outcome.FAILED: "failed, see below",
}


def _secrets() -> dict[str, object]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: settings come from the environment
        return {}


@st.cache_resource(show_spinner=False)
def _environment() -> SyncEnvironment:
    """The same sync the workers run, with the app's database, transport and clock."""
    conf = runtime.settings()
    notifier = Notifier(SmtpSettings.load(_secrets()))
    return SyncEnvironment(conf, SyncSettings.load(_secrets()), runtime.database(), runtime.http_session(),
                           runtime.transport().base_url, notifier, runtime.clock)  # fmt: skip


def alerts_section(store_id: int) -> None:
    st.subheader("Alerts and background sync")
    st.caption(
        "Smart Ads reads this store's ad volume, limits, ad account health, Facebook connection and pending "
        "claims every hour, and tells you once when something needs attention: by email, and in Slack or any "
        "tool that accepts Slack's incoming webhooks."
    )
    feedback.show_flash(WHERE)
    _last_sync(store_id)
    _settings_form(store_id)
    _recent_alerts(store_id)


def _last_sync(store_id: int) -> None:
    latest = last_sync(store_id, runtime.database().uow())
    if latest is None:
        st.info("This store has not been synced yet.", icon=":material/schedule:")
    else:
        how = "on schedule" if latest.scheduled else "on demand"
        when = f"{words.when(latest.started_at)} ({words.ago(latest.started_at, runtime.clock())}, {how})"
        st.markdown(f"**Last sync** {when}: {OUTCOME_WORDS[latest.outcome]}.")
        for part in latest.errors:
            lines = [part.error] if part.error else []
            lines += [f"{asset}: {why}" for asset, why in part.problems.items()]
            st.warning(f"**{part.label}.** " + " ".join(lines), icon=":material/warning:")
    if st.button("Sync now", icon=":material/sync:", key="alerts_sync_now"):
        try:
            with st.spinner("Reading this store from Facebook…"):
                _environment().sync(store_id)
            feedback.flash("success", "Synced: the latest numbers are saved.", WHERE)
        except StoreBusy as exc:
            feedback.flash("info", exc.user_message, WHERE)
        except (GraphError, DomainError) as exc:
            feedback.flash("error", exc, WHERE)
        st.rerun()


def _settings_form(store_id: int) -> None:
    current = alert_settings(store_id, runtime.database().uow())
    allowed, why = runtime.can(Permission.MANAGE_STORE)
    if not allowed:
        st.caption(f":material/lock: {why}")
    with st.form("alert_settings"):
        emails = st.text_area("Email alerts to (one address a line)", value="\n".join(current.emails),
                              key="alert_emails", disabled=not allowed)  # fmt: skip
        webhook = st.text_input(  # the URL is a secret: it never goes back to a browser, even masked
            "Slack incoming webhook URL",
            type="password",
            key="alert_webhook",
            disabled=not allowed,
            placeholder="Leave empty to keep the one set" if current.has_webhook else "https://hooks.slack.com/…",
        )
        remove = current.has_webhook and st.checkbox("Stop sending to the webhook", key="alert_webhook_remove",
                                                     disabled=not allowed)  # fmt: skip
        if st.form_submit_button("Save alert settings", type="primary", disabled=not allowed):
            url = None if remove else (webhook.strip() or current.webhook_url or None)
            try:
                set_alert_settings(store_id, emails.splitlines(), url, runtime.database().uow(),
                                   actor=runtime.actor(), clock=runtime.clock)  # fmt: skip
            except DomainError as exc:
                feedback.flash("error", exc, WHERE)
            else:
                feedback.flash("success", "Alert settings saved.", WHERE)
            st.rerun()
    if current.has_webhook:
        st.caption(f"Webhook set: {current.webhook}")


def _recent_alerts(store_id: int) -> None:
    episodes = alert_episodes(store_id, runtime.database().uow(), limit=20)
    if not episodes:
        st.caption("No alert so far.")
        return
    st.markdown("**Recent alerts**")
    for e in episodes:
        state = "still open" if e.open else f"cleared {words.day(e.closed_at)}"
        st.markdown(f"- {words.when(e.opened_at)}: {e.message} ({state})")
