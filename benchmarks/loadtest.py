"""`make loadtest`: a bounded load test of `sentra serve` on loopback, never part of `make test`.

Loads the Lebak demo into a fresh data directory (SQLite, or the empty PostgreSQL database
named by --database-url), starts `sentra serve` on a free 127.0.0.1 port, runs the visitors of
benchmarks/locustfile.py headless with locust (a fixed number of users for a fixed time) and
prints throughput, p50/p95/p99 and errors per request kind and in total.

    python -m benchmarks.loadtest [--users 30] [--spawn-rate 10] [--duration 60]
                                  [--workers N] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("loadtest: sentra serve stopped before it listened")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit("loadtest: sentra serve did not listen in time")


def _report(stats_csv: Path, duration: int) -> None:
    with stats_csv.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = f"{'request':34} {'count':>7} {'err':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        if name == "TOTAL":
            print("-" * len(header))
        print(
            f"{name[:34]:34} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print(f"(milliseconds; {duration} s measured after the ramp-up)")


def _server_memory(group: int) -> str:
    """Peak resident memory of every process of the server (gunicorn, its workers, the job
    worker), read from /proc before the server stops."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            stat = Path(status.parent, "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != group:  # the process group: the server and its children
                continue
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError, IndexError):
            continue
        peaks.append(int(fields.get("VmHWM", "0 kB").split()[0]) // 1024)
    if not peaks:
        return "server memory: not readable"
    return (
        f"server memory: {len(peaks)} processes, peak RSS {max(peaks)} MB for the largest, "
        f"{sum(peaks)} MB together"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sentra-loadtest-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
        env.pop("DATABASE_URL", None)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        env["SENTRA_DATA_DIR"] = tmp
        env["SENTRA_DEMO_PASSWORD"] = secrets.token_urlsafe(12)
        sentra = str(BIN / "sentra")
        started = time.monotonic()
        for command in (["migrate", "--noinput"], ["demo"]):
            subprocess.run([sentra, *command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        print(f"loadtest: demo loaded in {time.monotonic() - started:.0f} s")

        port = _free_port()
        serve = [sentra, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        log = Path(tmp, "serve.log").open("wb")  # noqa: SIM115 - closed after the server
        server = subprocess.Popen(  # noqa: S603  (our own console script, fixed arguments)
            serve, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_for(port, server)
            print(
                f"loadtest: {args.users} users for {args.duration} s against "
                f"http://127.0.0.1:{port}/ ({'PostgreSQL' if args.database_url else 'SQLite'})"
            )
            prefix = Path(tmp, "locust")
            result = subprocess.run(  # noqa: S603  (the locked locust, fixed arguments)
                [
                    str(BIN / "locust"),
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.duration}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--reset-stats",
                    "--loglevel",
                    "WARNING",
                    "--exit-code-on-error",
                    "0",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            if result.returncode != 0:
                print(result.stderr[-3000:], file=sys.stderr)
                return result.returncode
            _report(Path(f"{prefix}_stats.csv"), args.duration)
            print(_server_memory(server.pid))
            failures = Path(f"{prefix}_failures.csv").read_text().strip().splitlines()[1:]
            for line in failures[:10]:
                print(f"failure: {line}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
