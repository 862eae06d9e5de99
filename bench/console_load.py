#!/usr/bin/env python3
"""The web console's page loads with 10,000 images in the store: fills a fresh `moat server`
(SQLite, or PostgreSQL with --store postgres) with CI uploads of the demo image's real report
(bench/server_bench.py's ingest), then has Debian's chromium (bench/console_load.mjs) open each
page of the console cold (a new browser context: no cache) and time it until the page shows its
data. Measures; asserts nothing. Numbers go to docs/performance.md.

  bench/console_load.py [MOAT] [--images 10000] [--runs 15] [--store sqlite|postgres]
                        [--web-dir build/release/web/dist]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import server_bench  # noqa: E402
from center_process import run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("moat", nargs="?",
                        default=os.path.join(ROOT, "build/release/src/cli/moat"))
    parser.add_argument("--make-image", default=None)
    parser.add_argument("--image", default=None)
    parser.add_argument("--advisories",
                        default=os.path.join(ROOT, "tests/fixtures/demo-advisories"))
    parser.add_argument("--images", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--web-dir", default=None,
                        help="built console (default: web/dist of MOAT's build tree)")
    args = parser.parse_args()
    args.moat = os.path.abspath(args.moat)
    build = os.path.dirname(os.path.dirname(os.path.dirname(args.moat)))
    if args.make_image is None:
        args.make_image = os.path.join(build, "tests/tools/moat_make_demo_image")
    web_dir = args.web_dir or os.path.join(build, "web/dist")
    if not os.path.exists(os.path.join(web_dir, "index.html")):
        sys.exit("no built console in %s (ninja moat_web)" % web_dir)
    location = None
    if args.store == "postgres":
        base = os.environ["MOAT_TEST_POSTGRES"]
        schema = "bench_" + uuid.uuid4().hex[:12]
        run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE SCHEMA " + schema])
        location = base + ("&" if "?" in base else "?") + "options=-csearch_path%3D" + schema
    print("moat: %s, store: %s" % (args.moat, args.store))
    print("date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    print("cpus: %d, load: %s" % (os.cpu_count(), " ".join("%.2f" % l for l in os.getloadavg())))
    work = tempfile.mkdtemp(prefix="moat-console-bench.")
    server = None
    try:
        template = server_bench.make_report(args, work)
        server = server_bench.Server(args.moat, work, location, ["--web-dir", web_dir])
        salt = uuid.uuid4().hex
        seconds, _ = server_bench.ingest(server, template, salt, 0, args.images, args.clients)
        print("filled %d images in %.1f s" % (args.images, seconds), flush=True)
        digest = server_bench.fake_digest(salt + "m", args.images // 2)
        subprocess.run(["node", os.path.join(HERE, "console_load.mjs"), server.url, server.token,
                        digest, str(args.runs)], check=True)
    finally:
        if server:
            server.stop()
        if location:
            run(["psql", os.environ["MOAT_TEST_POSTGRES"], "-qc",
                 "DROP SCHEMA %s CASCADE" % schema])
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
