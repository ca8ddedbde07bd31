"""Settings: where the app finds Facebook, its database and its encryption key.

Values come from a mapping (the UI layer passes ``st.secrets``) and then the environment. The mode is decided by
one fact: a Facebook app is configured (``FB_APP_ID`` + ``FB_APP_SECRET`` + ``FB_REDIRECT_URI``) → live; otherwise
sandbox. Nothing else in the code path forks on the mode: it only picks the Graph base URL, transport and token.
``GRAPH_BASE_URL`` points either mode at another Graph host (e.g. the sandbox's own HTTP server, or a
recording proxy); ``SMART_ADS_SANDBOX_WORLD`` picks the in-process sandbox's world (``demo``, ``large``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_GRAPH_VERSION = "v21.0"
GRAPH_BASE_URL = "https://graph.facebook.com"
FACEBOOK_DIALOG_URL = "https://www.facebook.com"
# Base URL of the in-process sandbox: requests to it never leave the process (the sandbox answers them itself).
SANDBOX_BASE_URL = "http://sandbox.local"

REQUIRED_SCOPES: tuple[str, ...] = (
    "ads_management",
    "ads_read",
    "business_management",
    "pages_show_list",
    "pages_read_engagement",
)


class Mode(StrEnum):
    SANDBOX = "sandbox"
    LIVE = "live"


def setting_reader(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Callable[[str], str | None]:
    """``get(name)``: a setting from ``secrets`` first (``st.secrets``), then ``environ`` (default: ``os.environ``);
    an empty value counts as not set."""
    sources: list[Mapping[str, Any]] = [secrets or {}, os.environ if environ is None else environ]

    def get(name: str) -> str | None:
        for source in sources:
            try:
                value = source.get(name)
            except Exception:  # st.secrets raises when no secrets file exists
                value = None
            if value not in (None, ""):
                return str(value)
        return None

    return get


@dataclass(frozen=True)
class Settings:
    mode: Mode
    graph_version: str = DEFAULT_GRAPH_VERSION
    database_url: str | None = None
    secret_key: str | None = field(default=None, repr=False)
    app_id: str | None = None
    app_secret: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None
    data_dir: Path = DATA_DIR
    graph_host: str | None = None  # GRAPH_BASE_URL: another Graph host (a sandbox server, a recording proxy)
    sandbox_world: str = "demo"  # SMART_ADS_SANDBOX_WORLD: the in-process sandbox's world (demo, large)

    @property
    def graph_base_url(self) -> str:
        if self.graph_host:
            return self.graph_host
        return GRAPH_BASE_URL if self.mode is Mode.LIVE else SANDBOX_BASE_URL

    @property
    def dialog_base_url(self) -> str:
        """Where Facebook Login's dialog is: facebook.com live; the sandbox (in-process or its server) otherwise."""
        if self.mode is Mode.LIVE:
            return FACEBOOK_DIALOG_URL
        return self.graph_host or SANDBOX_BASE_URL

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'smart_ads.db'}"

    @classmethod
    def load(cls, secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``secrets`` first, then ``environ`` (default: ``os.environ``)."""
        get = setting_reader(secrets, environ)
        app_id, app_secret, redirect = get("FB_APP_ID"), get("FB_APP_SECRET"), get("FB_REDIRECT_URI")
        live = bool(app_id and app_secret and redirect)
        data_dir = Path(get("SMART_ADS_DATA_DIR") or DATA_DIR)
        return cls(
            mode=Mode.LIVE if live else Mode.SANDBOX,
            graph_version=get("GRAPH_API_VERSION") or DEFAULT_GRAPH_VERSION,
            database_url=get("DATABASE_URL"),
            secret_key=get("SMART_ADS_SECRET_KEY"),
            app_id=app_id if live else None,
            app_secret=app_secret if live else None,
            redirect_uri=redirect if live else None,
            data_dir=data_dir,
            graph_host=(get("GRAPH_BASE_URL") or "").rstrip("/") or None,
            sandbox_world=get("SMART_ADS_SANDBOX_WORLD") or "demo",
        )
