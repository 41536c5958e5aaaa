"""Create the benchmark's PostgreSQL database if it is missing (SQLite needs nothing)."""

import sys

import dj_database_url
import psycopg


def main(url):
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(f'CREATE DATABASE "{config["NAME"]}"')


if __name__ == "__main__":
    main(sys.argv[1])
