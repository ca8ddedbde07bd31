"""The alerts section (placed by the Store settings page), driven with AppTest.from_function: save where alerts
go, refused input explained, "Sync now" runs the store's sync in this process and shows its outcome."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.alerts import alert_settings
from core.sync import last_sync
from tests.support.apptest import app_env, texts  # noqa: F401  (fixture)


def section() -> None:
    from ui import runtime
    from ui.alerts import alerts_section

    alerts_section(runtime.current_store_id())


def store_and_db() -> tuple[int, object]:
    from ui import runtime

    return runtime.current_store_id(), runtime.database()


def test_save_alert_settings_and_sync_now(app_env: Path) -> None:  # noqa: F811
    at = AppTest.from_function(section, default_timeout=60).run()
    assert "This store has not been synced yet." in texts(at)

    at.text_area(key="alert_emails").set_value("ops@shop.example\nnot an email")
    at.get("form_submit_button")[0].click().run()
    assert "“not an email” is not an email address." in texts(at)

    at.text_area(key="alert_emails").set_value("ops@shop.example")
    at.text_input(key="alert_webhook").set_value("https://hooks.slack.com/services/T/B/secret")
    at.get("form_submit_button")[0].click().run()
    assert "Alert settings saved." in texts(at)
    assert "Webhook set: https://hooks.slack.com/…" in texts(at)
    store, db = store_and_db()
    assert alert_settings(store, db.uow()).emails == ("ops@shop.example",)  # type: ignore[attr-defined]

    at.button(key="alerts_sync_now").click().run()
    assert "Synced: the latest numbers are saved." in texts(at)
    assert "everything was read" in texts(at)
    assert last_sync(store, db.uow()) is not None  # type: ignore[attr-defined]


def test_the_webhook_url_never_goes_back_to_the_browser_and_can_be_kept_or_stopped(app_env: Path) -> None:  # noqa: F811
    at = AppTest.from_function(section, default_timeout=60).run()
    at.text_area(key="alert_emails").set_value("ops@shop.example")
    at.text_input(key="alert_webhook").set_value("https://hooks.slack.com/services/T/B/secret")
    at.get("form_submit_button")[0].click().run()
    again = AppTest.from_function(section, default_timeout=60).run()  # a new browser session
    assert again.text_input(key="alert_webhook").value == ""  # not even masked in a password field
    assert "secret" not in texts(again)
    again.get("form_submit_button")[0].click().run()  # saved with the field left empty: the webhook stays
    store, db = store_and_db()
    assert alert_settings(store, db.uow()).has_webhook  # type: ignore[attr-defined]
    again.checkbox(key="alert_webhook_remove").check()
    again.get("form_submit_button")[0].click().run()
    assert not alert_settings(store, db.uow()).has_webhook  # type: ignore[attr-defined]


def test_only_owners_change_where_alerts_go(app_env: Path) -> None:  # noqa: F811
    at = AppTest.from_function(section, default_timeout=60)
    at.session_state["demo_identity"] = "demo-analyst"  # a viewer of the demo store
    at.run()
    assert at.text_area(key="alert_emails").disabled and at.get("form_submit_button")[0].disabled
    assert "you can't change the store's members and settings" in texts(at)
