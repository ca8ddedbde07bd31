"""Ad volume in a real browser: Refresh reads the bound ad accounts from Facebook (the sandbox inside the server)
with progress, then the Plotly charts are drawn (bars on the page, not only chart elements) and the Page near its
limit is flagged in words."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, settle

CHARTS = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def test_refresh_draws_the_charts_and_flags_the_page_near_its_limit(page, populated_app_url):
    open_page(page, populated_app_url, "ad-volume")
    assert_no_exception(page)
    assert "Press Refresh to read the current numbers from Facebook" in page.inner_text("body")
    assert page.locator(CHARTS).count() == 0

    page.get_by_role("button", name="Refresh").click()
    page.get_by_role("heading", name="Current numbers").wait_for()  # drawn once the progress has finished
    settle(page)
    assert_no_exception(page)
    progress = page.locator('[data-testid="stProgress"] [role="progressbar"]')
    assert progress.get_attribute("aria-valuenow") == "100", page.locator('[data-testid="stProgress"]').inner_text()

    page.locator(f"{CHARTS} .bars path").first.wait_for()  # Plotly has drawn its bars
    charts = page.locator(CHARTS)
    assert charts.count() >= 2  # ad accounts, Pages (and the history of each once a snapshot exists)
    for index in range(charts.count()):
        assert charts.nth(index).is_visible()
    assert page.locator(f"{CHARTS} .bars path").count() >= 2
    titles = page.locator(f"{CHARTS} .gtitle").all_text_contents()  # SVG text
    assert any(t.startswith("Ad accounts") for t in titles), titles
    assert any(t.startswith("Pages") for t in titles), titles

    flag = page.get_by_text("Near limit: Trail Gear Deals.")
    assert flag.is_visible()
    body = page.inner_text("body")
    assert "snapshots saved to the history" in body
    assert "No history yet" not in body
    screenshot(page, "ad-volume-refreshed")
    page.get_by_role("heading", name="Pages across your ad accounts").evaluate("h => h.scrollIntoView()")
    screenshot(page, "ad-volume-pages")
