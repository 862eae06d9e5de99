#!/usr/bin/env python3
"""The center's API under load: CI report ingest (POST /api/v1/scans) per second, then the
images list's latency (GET /api/v1/images) with 10,000 images, on SQLite and, when
MOAT_TEST_POSTGRES is set, on PostgreSQL (a fresh schema per run). Measures; asserts nothing.

  bench/server_bench.py [MOAT] [--make-image MOAT_MAKE_DEMO_IMAGE] [--uploads 2000]
                        [--images 10000] [--requests 500] [--clients 4] [--store sqlite|postgres]

The report is a real one: `moat scan -f json` of the demo image (tests/fixtures/demo) with a
database from tests/fixtures/demo-advisories; every upload changes image.digest, image.imageId
and image.repoTags so that each is a new image. PostgreSQL: `bash
tests/integration/postgres_env.sh start` then `eval "$(bash tests/integration/postgres_env.sh
env)"`.
"""

import argparse
import hashlib
import http.client
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from center_process import read_banner, run, stop_process  # noqa: E402

REPOSITORIES = 200  # images are spread over this many repositories
DIGEST_MARK = "sha256:" + "d" * 64
IMAGE_ID_MARK = "sha256:" + "e" * 64
TAG_MARK = "bench.example/team/REPO_MARK:TAG_MARK"


def make_report(args, work):
    """Scans the image once and returns the report as a template string with marks."""
    image = args.image
    if image is None:
        image_dir = os.path.join(work, "image")
        run([args.make_image, os.path.join(ROOT, "tests/fixtures/demo"), image_dir])
        image = os.path.join(image_dir, "demo.docker.tar")
    vulndb = os.path.join(work, "moat.db")
    run([args.moat, "db", "build", "--from", args.advisories, "--db", vulndb])
    out = os.path.join(work, "report.json")
    # Exit 1 means findings, which is what we want.
    run([args.moat, "scan", "-q", "--db", vulndb, "-f", "json", "-o", out, image], ok=(0, 1))
    with open(out) as f:
        report = json.load(f)
    report["image"]["digest"] = DIGEST_MARK
    report["image"]["imageId"] = IMAGE_ID_MARK
    report["image"]["repoTags"] = [TAG_MARK]
    return json.dumps(report)


def fake_digest(salt, i):
    return "sha256:" + hashlib.sha256(("%s/%d" % (salt, i)).encode()).hexdigest()


def repo_of(i):
    return "app-%03d" % (i % REPOSITORIES)


def tag_of(i):
    return "build-%05d" % i


def upload_body(template, salt, i):
    report = (template.replace(DIGEST_MARK, fake_digest(salt + "m", i))
              .replace(IMAGE_ID_MARK, fake_digest(salt + "c", i))
              .replace("REPO_MARK", repo_of(i)).replace("TAG_MARK", tag_of(i)))
    pipeline = {"provider": "github", "repository": "team/" + repo_of(i), "workflow": "build",
                "run": str(i), "commit": hashlib.sha1(str(i).encode()).hexdigest(),
                "branch": "main", "url": "https://ci.example/run/%d" % i}
    gate = {"result": "fail", "reason": "findings at or above high"}
    return ('{"pipeline":%s,"gate":%s,"report":%s}'
            % (json.dumps(pipeline), json.dumps(gate), report)).encode()


class Server:
    """`moat server --workers 0` on 127.0.0.1:0 with a fresh data dir (and store)."""

    def __init__(self, moat, work, location, extra_args=()):
        self.data_dir = os.path.join(work, "data-" + uuid.uuid4().hex[:8])
        args = [moat, "server", "--data-dir", self.data_dir, "--listen", "127.0.0.1:0",
                "--workers", "0", *extra_args]
        if location:
            args += ["--database", location]
        self.log = open(os.path.join(work, "server.log"), "a")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        try:
            self.url, self.token = read_banner(self.proc)
        except RuntimeError:
            self.proc.kill()
            raise RuntimeError("moat server did not start; see " + self.log.name)
        parsed = urllib.parse.urlparse(self.url)
        self.host, self.port = parsed.hostname, parsed.port

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=120)

    def headers(self, body=False):
        h = {"Authorization": "Bearer " + self.token}
        if body:
            h["Content-Type"] = "application/json"
        return h

    def stop(self):
        stop_process(self.proc)
        self.log.close()


def request(conn, method, path, headers, body=None):
    """One request on a keep-alive connection; returns (status, body bytes, seconds)."""
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    reply = conn.getresponse()
    data = reply.read()
    return reply.status, data, time.perf_counter() - start


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def ingest(server, template, salt, first, count, clients):
    """Uploads images first..first+count-1 from `clients` threads; returns (seconds, latencies)."""
    latencies, errors = [], []
    lock = threading.Lock()
    next_index = [first]

    def worker():
        conn = server.connection()
        mine = []
        while True:
            with lock:
                i = next_index[0]
                if i >= first + count:
                    break
                next_index[0] += 1
            body = upload_body(template, salt, i)
            status, data, seconds = request(conn, "POST", "/api/v1/scans",
                                            server.headers(body=True), body)
            if status != 201:
                errors.append("upload %d: %d %s" % (i, status, data[:200]))
                break
            mine.append(seconds)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[0])
    return elapsed, latencies


def list_queries(salt, total):
    some = total // 2
    return [
        ("first page, default sort", "/api/v1/images"),
        ("type=ci-cd&severity=critical", "/api/v1/images?type=ci-cd&severity=critical"),
        ("search tag prefix (10 hits)", "/api/v1/images?search=" + tag_of(some)[:-1]),
        ("search digest prefix (1 hit)",
         "/api/v1/images?search=" + fake_digest(salt + "m", some)[7:19]),
        ("offset=9000", "/api/v1/images?offset=9000"),
        ("sort=critical", "/api/v1/images?sort=critical"),
    ]


def measure_lists(server, salt, total, requests):
    conn = server.connection()
    rows = []
    for name, path in list_queries(salt, total):
        for _ in range(20):  # warm-up: caches, prepared statements
            status, data, _ = request(conn, "GET", path, server.headers())
        if status != 200:
            raise RuntimeError("GET %s: %d %s" % (path, status, data[:200]))
        page = json.loads(data)
        times = []
        for _ in range(requests):
            _, _, seconds = request(conn, "GET", path, server.headers())
            times.append(seconds)
        rows.append((name, page["total"], len(page["images"]), len(data), percentile(times, 50),
                     percentile(times, 99)))
    conn.close()
    return rows


def ms(seconds):
    return "%.1f" % (seconds * 1000)


def bench_store(store, args, template, work):
    location, schema = None, None
    if store == "postgres":
        base = os.environ["MOAT_TEST_POSTGRES"]
        schema = "bench_" + uuid.uuid4().hex[:12]
        run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE SCHEMA " + schema])
        location = base + ("&" if "?" in base else "?") + "options=-csearch_path%3D" + schema
    salt = uuid.uuid4().hex
    server = Server(args.moat, work, location)
    try:
        print("== %s (%s)" % (store, server.url), flush=True)
        size = len(upload_body(template, salt, 0))
        seconds, lat = ingest(server, template, salt, 0, args.uploads, args.clients)
        print("ingest: %d uploads of %d bytes, %d clients: %.1f s, %.1f uploads/s, "
              "p50 %s ms, p99 %s ms" % (args.uploads, size, args.clients, seconds,
                                        args.uploads / seconds, ms(percentile(lat, 50)),
                                        ms(percentile(lat, 99))), flush=True)
        if args.images <= 0:
            return
        rest = args.images - args.uploads
        if rest > 0:
            seconds, lat = ingest(server, template, salt, args.uploads, rest, args.clients)
            print("fill to %d images: %d more uploads: %.1f s, %.1f uploads/s, p50 %s ms, "
                  "p99 %s ms" % (args.images, rest, seconds, rest / seconds,
                                 ms(percentile(lat, 50)), ms(percentile(lat, 99))), flush=True)
        if store == "sqlite":
            db = os.path.join(server.data_dir, "moat.db")
            wal = db + "-wal"
            print("SQLite file: %.1f MiB (+ WAL %.1f MiB)" % (
                os.path.getsize(db) / 2**20,
                os.path.getsize(wal) / 2**20 if os.path.exists(wal) else 0))
        if store == "postgres":
            # What autovacuum's analyze does within a minute of the fill; done here so that the
            # first query measured does not race it (without statistics the plans are worse).
            run(["psql", os.environ["MOAT_TEST_POSTGRES"], "-qc", "ANALYZE %s.images, "
                 "%s.image_tags, %s.image_risk" % (schema, schema, schema)])
            print("ANALYZE on the images tables")
        elif args.analyze:
            # SQLite never analyzes by itself (nor does the server): this shows what statistics
            # would change. The server's statements re-prepare on the schema change.
            with sqlite3.connect(os.path.join(server.data_dir, "moat.db")) as db:
                db.execute("ANALYZE")
            print("ANALYZE on the SQLite file (--analyze)")
        rows = measure_lists(server, salt, args.images, args.requests)
        print("GET /api/v1/images, %d images, %d requests each, one keep-alive client:"
              % (args.images, args.requests))
        print("| query | total | rows | bytes | p50 ms | p99 ms |")
        print("|---|---|---|---|---|---|")
        for name, total, count, length, p50, p99 in rows:
            print("| %s | %d | %d | %d | %s | %s |" % (name, total, count, length, ms(p50),
                                                      ms(p99)))
        sys.stdout.flush()
    finally:
        server.stop()
        if args.keep:
            print("kept: %s%s" % (server.data_dir, " and schema " + schema if schema else ""))
        elif schema:
            run(["psql", os.environ["MOAT_TEST_POSTGRES"], "-qc",
                 "DROP SCHEMA %s CASCADE" % schema])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("moat", nargs="?",
                        default=os.path.join(ROOT, "build/release/src/cli/moat"))
    parser.add_argument("--make-image", default=None,
                        help="moat_make_demo_image (default: next to MOAT's build tree)")
    parser.add_argument("--image", default=None,
                        help="image to scan for the report (default: the demo image built from "
                        "tests/fixtures/demo)")
    parser.add_argument("--advisories",
                        default=os.path.join(ROOT, "tests/fixtures/demo-advisories"),
                        help="feeds for the vulnerability database of that scan")
    parser.add_argument("--uploads", type=int, default=2000)
    parser.add_argument("--images", type=int, default=10000,
                        help="fill to this many images, then time the list (0: ingest only)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--store", choices=("sqlite", "postgres"), action="append")
    parser.add_argument("--analyze", action="store_true",
                        help="run ANALYZE on the SQLite file before timing the list")
    parser.add_argument("--keep", action="store_true",
                        help="keep the data dir and PostgreSQL schema (to inspect query plans)")
    args = parser.parse_args()
    args.moat = os.path.abspath(args.moat)
    if args.make_image is None:
        build = os.path.dirname(os.path.dirname(os.path.dirname(args.moat)))
        args.make_image = os.path.join(build, "tests/tools/moat_make_demo_image")
    stores = args.store or (["sqlite", "postgres"] if os.environ.get("MOAT_TEST_POSTGRES")
                            else ["sqlite"])
    if "postgres" in stores and not os.environ.get("MOAT_TEST_POSTGRES"):
        sys.exit("MOAT_TEST_POSTGRES is not set (tests/integration/postgres_env.sh)")
    print("moat: %s" % args.moat)
    print("date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    print("cpus: %d, load: %s" % (os.cpu_count(), " ".join("%.2f" % l for l in os.getloadavg())))
    work = tempfile.mkdtemp(prefix="moat-server-bench.")
    try:
        template = make_report(args, work)
        for store in stores:
            bench_store(store, args, template, work)
    finally:
        if not args.keep:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
