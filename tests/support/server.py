"""Starting the real app (``streamlit run dashboard.py``) on loopback for deploy and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LIVE_SETTINGS = ("FB_APP_ID", "FB_APP_SECRET", "FB_REDIRECT_URI", "DATABASE_URL", "SMART_ADS_SECRET_KEY")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_app(app_dir: Path, *, data_dir: Path | None = None, timeout: float = 90) -> Iterator[str]:
    """Run ``dashboard.py`` of ``app_dir`` in sandbox mode; yield its base URL once /_stcore/health says ok."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in LIVE_SETTINGS and not k.startswith("STREAMLIT_")}
    if data_dir is not None:
        env["SMART_ADS_DATA_DIR"] = str(data_dir)
    else:
        env.pop("SMART_ADS_DATA_DIR", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_path = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{base}/_stcore/health", timeout=2).text.strip() == "ok":
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer in {timeout} s: {log_path.read_text()[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
