"""The Store settings page's "Alerts and background sync" section: where alerts go, the last sync and its
problems, the alerts told lately, and "Sync now" (the same store sync the workers run, in this process)."""

from __future__ import annotations

import streamlit as st

from core.alerts import SmtpSettings, alert_episodes, alert_settings, set_alert_settings
from core.alerts.delivery import Notifier
from core.graph import GraphError
from core.shared import DomainError, i18n, words
from core.shared.i18n import N_, _
from core.stores import Permission
from core.sync import Outcome, StoreBusy, last_sync
from core.sync.runtime import SyncEnvironment
from core.sync.settings import SyncSettings
from ui import feedback, runtime

WHERE = "alerts_section"
OUTCOME_WORDS = {  # shown with _(OUTCOME_WORDS[outcome])
    Outcome.RUNNING: N_("running now"),
    Outcome.OK: N_("everything was read"),
    Outcome.PARTIAL: N_("done, with problems below"),
    Outcome.FAILED: N_("failed, see below"),
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
    st.subheader(_("Alerts and background sync"))
    st.caption(
        _(
            "Smart Ads reads this store's ad volume, limits, ad account health, Facebook connection and pending "
            "claims every hour, and tells you once when something needs attention: by email, and in Slack or any "
            "tool that accepts Slack's incoming webhooks."
        )
    )
    feedback.show_flash(WHERE)
    _last_sync(store_id)
    _settings_form(store_id)
    _recent_alerts(store_id)


def _last_sync(store_id: int) -> None:
    latest = last_sync(store_id, runtime.database().uow())
    if latest is None:
        st.info(_("This store has not been synced yet."), icon=":material/schedule:")
    else:
        if latest.scheduled:
            line = _("**Last sync** {when} ({ago}, on schedule): {outcome}.")
        else:
            line = _("**Last sync** {when} ({ago}, on demand): {outcome}.")
        st.markdown(
            line.format(
                when=words.when(latest.started_at),
                ago=words.ago(latest.started_at, runtime.clock()),
                outcome=_(OUTCOME_WORDS[latest.outcome]),
            )
        )
        for part in latest.errors:
            lines = [part.error] if part.error else []
            lines += [_("{asset}: {why}").format(asset=asset, why=why) for asset, why in part.problems.items()]
            st.warning(words.sentences([f"**{part.label}.**", *lines]), icon=":material/warning:")
    if st.button(_("Sync now"), icon=":material/sync:", key="alerts_sync_now"):
        try:
            with st.spinner(_("Reading this store from Facebook…")):
                _environment().sync(store_id)
            feedback.flash("success", _("Synced: the latest numbers are saved."), WHERE)
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
        emails = st.text_area(_("Email alerts to (one address a line)"), value="\n".join(current.emails),
                              key="alert_emails", disabled=not allowed)  # fmt: skip
        webhook = st.text_input(  # the URL is a secret: it never goes back to a browser, even masked
            _("Slack incoming webhook URL"),
            type="password",
            key="alert_webhook",
            disabled=not allowed,
            placeholder=_("Leave empty to keep the one set") if current.has_webhook else "https://hooks.slack.com/…",
        )
        remove = current.has_webhook and st.checkbox(_("Stop sending to the webhook"), key="alert_webhook_remove",
                                                     disabled=not allowed)  # fmt: skip
        st.caption(
            _(
                "Alerts are written in the language of whoever saved these settings last; saving makes it {language}."
            ).format(language=i18n.LANGUAGES[i18n.language()])
        )
        if st.form_submit_button(_("Save alert settings"), type="primary", disabled=not allowed):
            url = None if remove else (webhook.strip() or current.webhook_url or None)
            try:
                set_alert_settings(store_id, emails.splitlines(), url, runtime.database().uow(),
                                   actor=runtime.actor(), clock=runtime.clock)  # fmt: skip
            except DomainError as exc:
                feedback.flash("error", exc, WHERE)
            else:
                feedback.flash("success", _("Alert settings saved."), WHERE)
            st.rerun()
    if current.has_webhook:
        st.caption(_("Webhook set: {webhook}").format(webhook=current.webhook))


def _recent_alerts(store_id: int) -> None:
    episodes = alert_episodes(store_id, runtime.database().uow(), limit=20)
    if not episodes:
        st.caption(_("No alert so far."))
        return
    st.markdown(_("**Recent alerts**"))
    for e in episodes:
        if e.open:
            line = _("{when}: {message} (still open)").format(when=words.when(e.opened_at), message=e.message)
        else:
            line = _("{when}: {message} (cleared {day})").format(
                when=words.when(e.opened_at), message=e.message, day=words.day(e.closed_at)
            )
        st.markdown(f"- {line}")
