"""`sentra serve` in the default (production) mode on plain http://127.0.0.1: pages and
collected static files answer, no HTTPS redirect, no debug pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SENTRA = str(Path(sys.executable).with_name("sentra"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode(errors="replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


def test_serve_runs_in_production_mode_on_plain_http(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["SENTRA_DATA_DIR"] = str(tmp_path)
    subprocess.run([SENTRA, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [SENTRA, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(360):  # collecting and compressing static files comes first
            try:
                status, html, headers = _get(base + "/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            raise AssertionError("the server never answered")
        assert status == 200 and "Sentra" in html
        assert "Strict-Transport-Security" not in headers
        css = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert _get(base + css)[0] == 200
        missing, page, _headers = _get(base + "/tidak-ada/")
        assert missing == 404 and "URLconf" not in page
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "(mode produksi)" in output
