#!/usr/bin/env python3
"""SQLite reference figures for crm-bench's durable-store figures (issue 5).

Does the same writes as Sources/crm-bench/StoreBench.swift — one 4-column row (name,
source, score, created_at) per transaction — with Python's built-in sqlite3 in WAL
mode, plus a bare append+fdatasync loop of the same record size, on the same disk
($CRM_BENCH_DIR, default the system temporary directory). Prints, like crm-bench:

  sqlite-batch-normal: N events/s   200,000 transactions, WAL, synchronous=NORMAL
                                    (commits are not fsynced; the WAL is at checkpoints)
  sqlite-batch-grouped: N events/s  200,000 rows, 1,000 per transaction, WAL,
                                    synchronous=FULL (one fsync per group)
  sqlite-always: N events/s         5,000 transactions, WAL, synchronous=FULL
  bare-append-fsync: N writes/s     5,000 write(120 bytes)+fdatasync on one file
  sqlite-reopen-1m: N s             open + count of a 1,000,000-row table (best of 3)

"SQLite's batched rate" for the issue's target is the larger of the two batch
figures. Run: python3 Benchmarks/sqlite_reference.py
"""
import os
import sqlite3
import tempfile
import time

BASE = os.environ.get("CRM_BENCH_DIR", tempfile.gettempdir())
START = 1_772_409_600_000_000


def path(name):
    p = os.path.join(BASE, "crm-bench-sqlite-%s-%d.db" % (name, os.getpid()))
    remove(p)
    return p


def remove(p):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(p + suffix)
        except FileNotFoundError:
            pass


def rows(n):
    return [("Lead %d" % i, i % 6, i % 100, START + i * 1_000_000) for i in range(n)]


def connect(p, synchronous):
    db = sqlite3.connect(p, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=%s" % synchronous)
    db.execute("CREATE TABLE IF NOT EXISTS lead (id INTEGER PRIMARY KEY, name TEXT, source INTEGER, score INTEGER, created_at INTEGER)")
    return db


def per_transaction(n, synchronous):
    p = path("tx")
    db = connect(p, synchronous)
    data = rows(n)
    t0 = time.perf_counter()
    for r in data:
        db.execute("BEGIN")
        db.execute("INSERT INTO lead (name, source, score, created_at) VALUES (?, ?, ?, ?)", r)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    db.close()
    remove(p)
    return n / elapsed


def grouped(n, group):
    p = path("grouped")
    db = connect(p, "FULL")
    data = rows(n)
    t0 = time.perf_counter()
    for i in range(0, n, group):
        db.execute("BEGIN")
        db.executemany("INSERT INTO lead (name, source, score, created_at) VALUES (?, ?, ?, ?)", data[i:i + group])
        db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    db.close()
    remove(p)
    return n / elapsed


def bare(n, size=120):
    p = path("bare")
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o644)
    record = b"B" * size
    t0 = time.perf_counter()
    for _ in range(n):
        os.write(fd, record)
        os.fdatasync(fd)
    elapsed = time.perf_counter() - t0
    os.close(fd)
    os.remove(p)
    return n / elapsed


def reopen(n):
    p = path("reopen")
    db = connect(p, "OFF")
    db.execute("BEGIN")
    db.executemany("INSERT INTO lead (name, source, score, created_at) VALUES (?, ?, ?, ?)", rows(n))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        db = sqlite3.connect(p)
        count = db.execute("SELECT count(*) FROM lead").fetchone()[0]
        best = min(best, time.perf_counter() - t0)
        db.close()
        assert count == n
    remove(p)
    return best


def main():
    print("sqlite-batch-normal: %d events/s" % per_transaction(200_000, "NORMAL"), flush=True)
    print("sqlite-batch-grouped: %d events/s" % grouped(200_000, 1000), flush=True)
    print("sqlite-always: %d events/s" % per_transaction(5_000, "FULL"), flush=True)
    print("bare-append-fsync: %d writes/s" % bare(5_000), flush=True)
    print("sqlite-reopen-1m: %.3f s" % reopen(1_000_000), flush=True)


if __name__ == "__main__":
    main()
