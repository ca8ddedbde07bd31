"""Activity page (AppTest): every Ad accounts action appears with who, when, what and its result; filters by asset,
action and date; the CSV export holds exactly what is shown."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_EUR, DEMO_AD_ACCOUNT_FOREIGN, DEMO_AD_ACCOUNT_PENDING_CLAIM
from tests.ad_accounts.test_page_ad_accounts import bind_business, fill_create_form, messages, open_page, submit
from tests.support.apptest import app_env, run_app, texts

__all__ = ["app_env"]

EUR = f"act_{DEMO_AD_ACCOUNT_EUR}"


def do_every_action(at):
    """On the Ad accounts page: claim (ok, refused), create (ok), remove (ok), DSA (refused), spend cap (ok)."""
    at.text_input(key="aa_claim_id").input(f"act_{DEMO_AD_ACCOUNT_FOREIGN}")
    at = submit(submit(at, "aa_claim_submit"), "aa_claim_confirm")
    at.text_input(key="aa_claim_id").input("not-an-id")
    at = submit(at, "aa_claim_submit")
    at = submit(fill_create_form(at, "Activity shop"), "aa_create_submit")
    box = at.selectbox(key="aa_remove_choice")
    box.select_index(next(i for i, o in enumerate(box.options) if f"(act_{DEMO_AD_ACCOUNT_PENDING_CLAIM})" in o))
    at = submit(submit(at.run(), "aa_remove"), "aa_remove_confirm")
    box = at.selectbox(key="aa_settings_account")
    box.select_index(next(i for i, o in enumerate(box.options) if f"({EUR})" in o))
    at = at.run()
    at.text_input(key=f"aa_dsa_payor_{EUR}").input("Payor only")
    at.text_input(key=f"aa_dsa_beneficiary_{EUR}").input("")
    at = submit(at, "aa_dsa_submit")
    assert "Enter the DSA beneficiary too" in messages(at)
    at.text_input(key=f"aa_cap_{EUR}").input("750")
    return submit(at, "aa_cap_submit")


def activity_page(at):
    return at.switch_page("app_pages/activity.py").run()


def table(at):
    return at.dataframe[0].value


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each ``st.download_button`` handed to the browser, by file name (AppTest's media storage is gone
    once a run ends, so the files are caught on their way in)."""
    files: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording_add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        data = path_or_data.encode() if isinstance(path_or_data, str) else path_or_data
        files[file_name or coordinates] = data
        return add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    return files


def test_each_ad_account_action_appears_with_its_result(app_env):
    bind_business()
    at = do_every_action(open_page())
    assert not at.exception, at.exception
    at = activity_page(at)
    assert not at.exception, at.exception
    rows = table(at)
    seen = set(zip(rows["What"], rows["Result"], strict=True))
    for expected in [
        ("Claim ad account", "✅ Done"),
        ("Claim ad account", "⛔ Refused"),
        ("Create ad account", "✅ Done"),
        ("Remove ad account", "✅ Done"),
        ("Set DSA defaults", "⛔ Refused"),
        ("Set spend cap", "✅ Done"),
    ]:
        assert expected in seen, expected
    cap = rows[rows["What"] == "Set spend cap"].iloc[0]
    assert cap["Who"] == "Dana Demo" and cap["Asset"] == f"ad account {EUR}"  # the person's name, not a token
    assert cap["Details"] == "spend cap €750.00"
    assert datetime.strptime(cap["When"], "%b %d, %Y, %H:%M").date() == datetime.now(UTC).date()  # one format


def test_filters_by_asset_action_and_date(app_env):
    bind_business()
    at = activity_page(do_every_action(open_page()))
    at.multiselect(key="activity_assets").select(EUR).run()
    assert set(table(at)["What"]) == {"Set DSA defaults", "Set spend cap"}
    at.multiselect(key="activity_assets").unselect(EUR)
    at.multiselect(key="activity_actions").select("claim_ad_account").run()
    assert set(table(at)["What"]) == {"Claim ad account"} and len(table(at)) == 2
    old = datetime.now(UTC).date() - timedelta(days=40)
    at.date_input(key="activity_dates").set_value((old, old + timedelta(days=1))).run()
    assert not at.dataframe and "No activity matches these filters" in texts(at)


def test_csv_export_holds_the_filtered_entries(app_env, downloads):
    bind_business()
    at = activity_page(do_every_action(open_page()))
    downloads.clear()
    at.multiselect(key="activity_actions").select("set_spend_cap").run()
    [button] = at.get("download_button")
    assert button.proto.label == "Download CSV"
    [(name, content)] = downloads.items()
    assert name == f"activity-{datetime.now(UTC).date().isoformat()}.csv"
    [row] = list(csv.DictReader(io.StringIO(content.decode())))
    assert (row["action"], row["result"], row["target_id"], row["detail"]) == (
        "set_spend_cap",
        "ok",
        EUR,
        "spend cap €750.00",
    )
    assert row["actor"] == "demo@example.com" and row["at_utc"].startswith(datetime.now(UTC).date().isoformat())


def test_a_fresh_demo_store_shows_its_seeded_google_ads_binding_and_website_domain(app_env):
    at = run_app().switch_page("app_pages/activity.py").run()
    assert not at.exception
    seeded = set(zip(table(at)["What"], table(at)["Result"], strict=True))
    # the Google Ads account, Alex the viewer and the store's website domain
    assert seeded == {("Connect", "✅ Done"), ("Add member", "✅ Done"), ("Set website domain", "✅ Done")}
    assert "Showing 3 of 3 entries" in texts(at)
