"""Screenshots of the market for docs/market.md (`make screenshots-market`), never run by
`make test`: loads the demo into a throw-away SQLite database, serves it, and photographs
the pages with Debian's Chromium at phone width (390 px) and at desk width.

Usage: .venv/bin/python scripts/screenshots_market.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "layar-demo-2018"  # noqa: S105 - a throw-away database's demo password
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    sentra = str(ROOT / ".venv" / "bin" / "sentra")
    with tempfile.TemporaryDirectory(prefix="sentra-shots-") as data_dir:
        env = {
            **os.environ,
            "SENTRA_DATA_DIR": data_dir,
            "SENTRA_DEMO_PASSWORD": PASSWORD,
            "SENTRA_LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run([sentra, "migrate", "-v0"], check=True, env=env)  # noqa: S603
        subprocess.run([sentra, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sentra, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            _shoot(base, out)
        finally:
            server.terminate()
            server.wait(timeout=20)


def _login(page: object, base: str, username: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    page.goto(base + "/masuk/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Masuk").click()  # type: ignore[attr-defined]


def _shoot(base: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
        phone.goto(base + "/katalog/?q=kursi+bambu")
        phone.screenshot(path=str(out / "market-catalog-mobile.png"))
        phone.get_by_role("link", name="Kursi Bambu Santai").first.click()
        phone.screenshot(path=str(out / "market-product-mobile.png"), full_page=True)
        desk = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
        desk.goto(base + "/katalog/")
        desk.screenshot(path=str(out / "market-catalog.png"))
        for username, path, name in (
            ("pemilik.pasirona", "/pasar/permintaan/", "market-inbox.png"),
            ("koperasi.jelita", "/pasar/pesanan/", "market-orders.png"),
            ("mitra.dp3akkb", "/pasar/jendela-wanita/?tahun=2018", "market-jendela.png"),
            ("petugas.rangkasbitung", "/pasar/ekspor/", "market-export-proposals.png"),
        ):
            _login(desk, base, username)
            desk.goto(base + path)
            desk.screenshot(path=str(out / name))
        _login(desk, base, "koperasi.jelita")
        desk.goto(base + "/pasar/pesanan/?status=selesai")
        desk.locator("table a").first.click()
        desk.screenshot(path=str(out / "market-order.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
