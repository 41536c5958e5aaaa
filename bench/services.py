"""A PostgreSQL cluster and a Redis server of the soak's own, on free ports, with their data
in a directory thrown away afterwards: the faults the soak makes touch nobody else's data."""

import glob
import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis

from bench.servers import free_port


class Missing(Exception):
    """A program the soak needs is not installed here."""


def postgres_binary(name):
    """`name` from PostgreSQL's own directories (the newest version first), else from PATH."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise Missing(f"{name} is not installed (PostgreSQL's server package has it)")
    return found


def _version(directory):
    number = Path(directory).parent.name
    return int(number) if number.isdigit() else 0


class PostgresCluster:
    """A cluster made by initdb in `directory`, listening on 127.0.0.1 and a free port.

    PostgreSQL refuses to run as root, so under root its programs run as the postgres user,
    who then owns the directory.
    """

    def __init__(self, directory, log_path):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log_path = Path(log_path)
        self.port = free_port()
        self._user = "postgres" if os.geteuid() == 0 else None
        self._initdb = postgres_binary("initdb")
        self._pg_ctl = postgres_binary("pg_ctl")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        self.log_path.touch()
        if self._user:
            for path in (self.directory, self.log_path):
                shutil.chown(path, self._user)
        self._run(
            self._initdb,
            "--pgdata",
            self.data,
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-sync",  # a cluster thrown away after the run needs no flush to disk
        )
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._run(
            self._pg_ctl, "start", "--wait", "-D", self.data, "-l", self.log_path, "-o", options
        )

    def restart(self):
        """Restart as an operator would (docs/operations.md): a CHECKPOINT first, so that the
        shutdown's own has little left to write while the site answers 503, then `pg_ctl
        restart -m fast`, which ends every session. It keeps the options the cluster was
        started with."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute("CHECKPOINT")
        # With its log named, or the new server would hold this process's pipes open.
        self._run(
            self._pg_ctl, "restart", "--wait", "-m", "fast", "-D", self.data, "-l", self.log_path
        )

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run(
                self._pg_ctl, "stop", "--wait", "-m", "immediate", "-D", self.data, check=False
            )
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, *command, check=True):
        done = subprocess.run(
            [str(part) for part in command], user=self._user, capture_output=True, text=True
        )
        if check and done.returncode:
            raise RuntimeError(
                f"{Path(command[0]).name} {command[1]} failed:\n{done.stdout}{done.stderr}"
                f"(log: {self.log_path})"
            )


@contextmanager
def postgres_cluster(directory, log_path):
    cluster = PostgresCluster(directory, log_path)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def redis_server(log_path):
    """A Redis on a free port that keeps nothing on disk; yields its port once it answers."""
    program = shutil.which("redis-server")
    if not program:
        raise Missing("redis-server is not installed (the redis-server package has it)")
    port = free_port()
    command = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    command += ["no", "--logfile", str(log_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start (log: {log_path})") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
