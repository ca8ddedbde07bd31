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
    assert "'not an email' is not an email address." in texts(at)

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
