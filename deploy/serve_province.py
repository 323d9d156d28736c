"""Start Clearway for a province: N Streamlit servers on one database, HAProxy in front of them at
one address, the jobs worker, and optionally PgBouncer between them all and PostgreSQL.

    DATABASE_URL=postgresql+psycopg://clearway:…@db/clearway make serve-province REPLICAS=2 PORT=8080

Every process is an ordinary program (Debian's haproxy and pgbouncer, ``streamlit run``,
``cli.py worker``); this script only renders their configuration, starts them and stops them
together. The rendered files are in ``--run-dir`` (default ``var/province``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from string import Template
from urllib.error import URLError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consultations.core.pooling import (  # noqa: E402 (after the path: run as a script)
    PoolSize,
    pgbouncer_pool_size,
    pool_size,
)
from consultations.core.store import database_url, open_store  # noqa: E402

HERE = Path(__file__).resolve().parent
#: The jobs worker is one process more on the database than the app servers.
WORKERS = 1


def render_haproxy(replicas: int, port: int, first_port: int, bind: str = "*") -> str:
    """HAProxy's configuration: ``replicas`` servers on ``first_port``, ``first_port + 1``, …"""
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{first_port + n - 1} check cookie app{n}"
        for n in range(1, replicas + 1)
    )
    template = Template((HERE / "haproxy.cfg.template").read_text(encoding="utf-8"))
    return template.substitute(replicas=replicas, bind=bind, port=port, servers=servers)


def render_pgbouncer(url: str, listen_port: int, run_dir: Path, max_connections: int) -> str:
    """PgBouncer's configuration for the database of ``url``; its auth file is ``userlist.txt``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    template = Template((HERE / "pgbouncer.ini.template").read_text(encoding="utf-8"))
    return template.substitute(
        dbname=parsed.database,
        host=parsed.host or "127.0.0.1",
        db_port=parsed.port or 5432,
        listen_port=listen_port,
        auth_type="plain" if parsed.password else "trust",
        auth_file=run_dir / "userlist.txt",
        server_connections=pgbouncer_pool_size(max_connections),
        client_connections=200,
        run_dir=run_dir,
    )


def through_pgbouncer_url(url: str, listen_port: int) -> str:
    """``url`` with PgBouncer's address instead of PostgreSQL's."""
    from sqlalchemy.engine import make_url

    moved = make_url(url).set(host="127.0.0.1", port=listen_port)
    return moved.render_as_string(hide_password=False)


def _userlist(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f'"{parsed.username or "postgres"}" "{parsed.password or ""}"\n'


def _cookie_secret(run_dir: Path) -> str:
    """One ``server.cookieSecret`` for every server (``CLEARWAY_COOKIE_SECRET``, else one made once
    and kept in the run folder): a browser moved to another server keeps its XSRF cookie valid."""
    given = os.environ.get("CLEARWAY_COOKIE_SECRET", "").strip()
    if given:
        return given
    path = run_dir / "cookie-secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _wait_healthy(port: int, timeout_s: float = 90) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return True
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    return False


def _sizing(url: str, processes: int) -> tuple[int | None, PoolSize | None]:
    """PostgreSQL's max_connections, and each pool's share of it (None on SQLite)."""
    store = open_store(url)
    try:
        max_connections = store.max_connections()
    finally:
        store.dispose()
    if max_connections is None:
        return None, None
    return max_connections, pool_size(max_connections, processes)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit servers (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="HAProxy's port (default 8080)")
    parser.add_argument("--first-port", type=int, default=0,
                        help="first app server's port (default PORT + 1)")  # fmt: skip
    parser.add_argument("--bind", default="*", help="HAProxy's address (default all)")
    parser.add_argument("--pgbouncer", type=int, default=0, metavar="PORT",
                        help="start PgBouncer on PORT in transaction mode (default: none)")  # fmt: skip
    parser.add_argument("--run-dir", default=str(ROOT / "var" / "province"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    url = database_url()
    first_port = args.first_port or args.port + 1
    python = sys.executable
    # Schema and first administrator once, before any server starts (never two migrations at once).
    for command in ("init-db", "ensure-admin"):
        subprocess.run([python, "cli.py", command], cwd=ROOT, check=True)
    max_connections, pool = _sizing(url, args.replicas + WORKERS)
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": _cookie_secret(run_dir)}
    children: dict[str, subprocess.Popen[bytes]] = {}
    if args.pgbouncer and max_connections is not None:
        (run_dir / "userlist.txt").write_text(_userlist(url), encoding="utf-8")
        (run_dir / "userlist.txt").chmod(0o600)
        ini = run_dir / "pgbouncer.ini"
        ini.write_text(render_pgbouncer(url, args.pgbouncer, run_dir, max_connections), "utf-8")
        children["pgbouncer"] = subprocess.Popen(_pgbouncer_command(ini))
        env.update(DATABASE_URL=through_pgbouncer_url(url, args.pgbouncer), CLEARWAY_PGBOUNCER="1")
        pool = None  # PgBouncer holds the server connections; each process keeps its default pools
    if pool is not None:
        env.update(CLEARWAY_PG_POOL=str(pool.kept), CLEARWAY_PG_OVERFLOW=str(pool.burst))
        print(f"max_connections={max_connections}: each of {args.replicas + WORKERS} processes "
              f"keeps 2 pools of {pool.kept} (+{pool.burst} in a burst)", flush=True)  # fmt: skip
    for n in range(1, args.replicas + 1):
        port = first_port + n - 1
        children[f"app{n}"] = subprocess.Popen(
            [python, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env={**env, "CLEARWAY_SERVER": f"app{n}"},
        )  # fmt: skip
    for name, worker in _workers(python):
        children[name] = subprocess.Popen(worker, cwd=ROOT, env=env)
    config = run_dir / "haproxy.cfg"
    config.write_text(render_haproxy(args.replicas, args.port, first_port, args.bind), "utf-8")
    subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], check=True)
    for n in range(1, args.replicas + 1):
        if not _wait_healthy(first_port + n - 1):
            print(f"app{n} did not start", file=sys.stderr)
    children["haproxy"] = subprocess.Popen(["haproxy", "-W", "-db", "-f", str(config)])
    pids = {name: child.pid for name, child in children.items()}
    (run_dir / "processes.json").write_text(json.dumps({"ports": {
        f"app{n}": first_port + n - 1 for n in range(1, args.replicas + 1)}, "pids": pids}))  # fmt: skip
    print(f"Clearway: http://localhost:{args.port} ({args.replicas} app servers)", flush=True)
    return _supervise(children)


def _pgbouncer_command(ini: Path) -> list[str]:
    # PgBouncer refuses to run as root: as root it is started as the postgres user.
    if os.geteuid() == 0:
        os.chown(ini.parent, _uid("postgres"), -1)
        for name in ("pgbouncer.ini", "userlist.txt"):
            os.chown(ini.parent / name, _uid("postgres"), -1)
        return ["pgbouncer", "-u", "postgres", str(ini)]
    return ["pgbouncer", str(ini)]


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _workers(python: str) -> list[tuple[str, list[str]]]:
    return [(f"worker{n}", [python, "cli.py", "worker"]) for n in range(1, WORKERS + 1)]


def _supervise(children: dict[str, subprocess.Popen[bytes]]) -> int:
    """Until a signal or HAProxy's end: a server that ends is reported (HAProxy's health check has
    already moved its users); then every process is stopped."""
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    reported: set[str] = set()
    while not stopping and children["haproxy"].poll() is None:
        for name, child in children.items():
            if child.poll() is not None and name not in reported:
                reported.add(name)
                print(f"{name} ended ({child.returncode})", file=sys.stderr, flush=True)
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
