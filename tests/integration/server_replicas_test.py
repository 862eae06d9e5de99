#!/usr/bin/env python3
"""Two `moat server` replicas on one PostgreSQL store share a queue of 50 registry scan jobs:
no job runs twice and none is lost, also when replica A is killed (SIGKILL) while it holds a
job — that job is reclaimed by replica B once A's lease (--lease 3) ends.

Needs MOAT_TEST_POSTGRES (tests/integration/postgres_env.sh) and MOAT_TEST_REGISTRY_PLAIN
(tests/integration/registry_env.sh); skips without them.

  server_replicas_test.py <moat> <moat_push_test_images>
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from center_process import read_banner  # noqa: E402

JOBS = 50
LEASE_S = 3
DEADLINE_S = 300  # every wait below is bounded by this
MOAT = PUSH = None


def run(args, timeout=120):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def psql(location, sql):
    """Rows of `sql` as lists of strings."""
    result = run(["psql", location, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", sql])
    if result.returncode != 0:
        raise RuntimeError("psql: %s" % result.stderr)
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def log(message):
    print("server_replicas: " + message, file=sys.stderr, flush=True)


class Api:
    def __init__(self, url, token):
        self.url, self.token = url, token

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, json.loads(reply.read().decode() or "null")
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text


class Replica:
    """One `moat server` process: --workers 1 --lease 3 on the shared store."""

    def __init__(self, name, work, location):
        self.name = name
        self.data = os.path.join(work, "data-" + name)
        self.stderr_path = os.path.join(work, "stderr-" + name)
        self.location = location
        self.process = None
        self.url = self.token = None

    def start(self, expect_token):
        os.makedirs(self.data, exist_ok=True)
        args = [MOAT, "server", "--data-dir", self.data, "--database", self.location,
                "--listen", "127.0.0.1:0", "--workers", "1", "--lease", str(LEASE_S),
                "--replica-id", self.name, "--schedule-period", "60"]
        with open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr,
                                            text=True)
        try:
            self.url, self.token = read_banner(self.process, want_token=expect_token)
        except RuntimeError:
            self.kill()
            raise RuntimeError("replica %s did not start: %s" % (self.name, self.stderr()))

    def stderr(self):
        with open(self.stderr_path) as f:
            return f.read()[-4000:]

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, number):
        if self.alive():
            self.process.send_signal(number)

    def kill(self):
        if self.alive():
            self.process.kill()
        if self.process is not None:
            self.process.wait(10)
            self.process.stdout.close()


class ReplicaQueueTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = os.environ.get("MOAT_TEST_POSTGRES")
        cls.registry = os.environ.get("MOAT_TEST_REGISTRY_PLAIN")
        if not cls.base or not cls.registry:
            raise unittest.SkipTest("MOAT_TEST_POSTGRES and MOAT_TEST_REGISTRY_PLAIN must be set "
                                    "(start tests/integration/postgres_env.sh and registry_env.sh)")
        if shutil.which("psql") is None:
            raise unittest.SkipTest("psql is missing (apt-get install postgresql-client)")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="moat-replicas.")
        self.work = self.tmp.name
        self.replicas = []
        self.schema = "replicas_" + uuid.uuid4().hex[:12]
        psql(self.base, "CREATE SCHEMA " + self.schema)
        self.location = self.base + ("&" if "?" in self.base else "?") + \
            "options=-csearch_path%3D" + self.schema
        self.repo = "replicas-%s/app" % uuid.uuid4().hex[:8]
        pushed = run([PUSH, self.registry, self.repo, str(JOBS)], timeout=300)
        self.assertEqual(pushed.returncode, 0, pushed.stderr)
        self.pushed = dict(line.split() for line in pushed.stdout.splitlines())
        self.assertEqual(len(set(self.pushed.values())), JOBS, pushed.stdout)
        self.a = self.start_replica("A", expect_token=True)
        # Replicas share the secret key that seals registry credentials, as a deployment would.
        os.makedirs(os.path.join(self.work, "data-B"))
        shutil.copy(os.path.join(self.a.data, "secret.key"),
                    os.path.join(self.work, "data-B", "secret.key"))
        self.b = self.start_replica("B", expect_token=False)
        self.api_a = Api(self.a.url, self.a.token)
        self.api_b = Api(self.b.url, self.a.token)

    def tearDown(self):
        for replica in self.replicas:
            replica.signal(signal.SIGCONT)
            replica.kill()
        if self.schema:
            psql(self.base, "DROP SCHEMA %s CASCADE" % self.schema)
        self.tmp.cleanup()

    def start_replica(self, name, expect_token):
        replica = Replica(name, self.work, self.location)
        self.replicas.append(replica)
        replica.start(expect_token)
        return replica

    def enqueue_scan(self):
        status, registry = self.api_a.call("POST", "/api/v1/registries", {
            "name": "local", "type": "docker-registry", "url": "http://" + self.registry,
            "repositories": [self.repo]})
        self.assertEqual(status, 201, registry)
        status, scan = self.api_a.call("POST", "/api/v1/registries/%s/scan" % registry["id"])
        self.assertEqual(status, 202, scan)
        self.assertEqual(len(scan["jobs"]), JOBS, "one job per distinct digest")
        return [job["id"] for job in scan["jobs"]]

    def job(self, job_id):
        status, body = self.api_b.call("GET", "/api/v1/jobs/" + job_id)
        self.assertEqual(status, 200, body)
        return body

    def wait_all_finished(self, job_ids, started):
        jobs = {}
        pending = list(job_ids)
        while pending:
            self.assertLess(time.time() - started, DEADLINE_S,
                            "%d jobs unfinished after %d s, e.g. %s\nB: %s" % (
                                len(pending), DEADLINE_S, self.job(pending[0]), self.b.stderr()))
            still = []
            for job_id in pending:
                body = self.job(job_id)
                if body["state"] in ("done", "failed"):
                    jobs[job_id] = body
                else:
                    still.append(job_id)
            pending = still
            if pending:
                time.sleep(0.2)
        return jobs

    def assert_each_image_stored_once(self, jobs):
        for body in jobs.values():
            self.assertEqual(body["state"], "done", body)
        status, page = self.api_b.call("GET", "/api/v1/images?type=registry&limit=1000")
        self.assertEqual(status, 200, page)
        self.assertEqual(page["total"], JOBS, page)
        digests = [image["digest"] for image in page["images"]]
        self.assertEqual(sorted(digests), sorted(self.pushed.values()))
        self.assertEqual({body["digest"] for body in jobs.values()}, set(self.pushed.values()))
        duplicates = psql(self.location, "SELECT digest, count(*) FROM scans GROUP BY digest "
                                         "HAVING count(*) > 1")
        self.assertEqual(duplicates, [], "digests scanned more than once")
        self.assertEqual(psql(self.location, "SELECT count(*) FROM scans"), [[str(JOBS)]])

    def catch_a_running_job(self, job_ids, started):
        """Freezes A (SIGSTOP) when B's API shows A holding a running job; if A still holds it
        while frozen, kills A (SIGKILL) and returns that job, else lets A go on and looks again."""
        pending = list(job_ids)
        while pending and time.time() - started < DEADLINE_S:
            still = []
            for job_id in pending:
                body = self.job(job_id)
                if body["state"] == "running" and body["owner"].startswith("A/"):
                    self.a.signal(signal.SIGSTOP)
                    frozen = self.job(job_id)
                    if frozen["state"] == "running" and frozen["owner"].startswith("A/"):
                        self.a.kill()
                        return frozen, time.time()
                    self.a.signal(signal.SIGCONT)
                if body["state"] not in ("done", "failed"):
                    still.append(job_id)
            pending = still
            time.sleep(0.01)
        self.fail("never saw replica A holding a running job")

    def test_killed_replica_job_is_reclaimed_after_lease(self):
        job_ids = self.enqueue_scan()
        started = time.time()
        victim, killed_at = self.catch_a_running_job(job_ids, started)
        log("killed A %.2f s after enqueueing, holding job %s (%s)" % (
            killed_at - started, victim["id"], victim["digest"]))
        while True:
            body = self.job(victim["id"])
            if body["owner"].startswith("B/") or body["state"] in ("done", "failed"):
                break
            self.assertLess(time.time() - started, DEADLINE_S, "job never reclaimed: %s" % body)
            time.sleep(0.05)
        reclaimed_at = time.time()
        jobs = self.wait_all_finished(job_ids, started)
        finished_at = time.time()
        log("job reclaimed by B %.2f s after the kill (lease %d s); %d jobs done in %.2f s" % (
            reclaimed_at - killed_at, LEASE_S, JOBS, finished_at - started))
        self.assert_each_image_stored_once(jobs)
        final = jobs[victim["id"]]
        self.assertEqual(final["owner"], "B/0", final)
        self.assertGreaterEqual(final["attempts"], 2, final)
        self.assertGreaterEqual(reclaimed_at - killed_at, LEASE_S - 1.5,
                                "reclaimed before A's lease could have ended")
        others = [body for job_id, body in jobs.items() if job_id != victim["id"]]
        self.assertEqual([b for b in others if b["attempts"] != 1], [])

    def test_two_replicas_claim_every_job_once(self):
        job_ids = self.enqueue_scan()
        started = time.time()
        jobs = self.wait_all_finished(job_ids, started)
        log("both replicas: %d jobs done in %.2f s; A ran %d, B ran %d" % (
            JOBS, time.time() - started,
            sum(b["owner"] == "A/0" for b in jobs.values()),
            sum(b["owner"] == "B/0" for b in jobs.values())))
        self.assertEqual([b for b in jobs.values() if b["attempts"] != 1], [])
        self.assertEqual({b["owner"] for b in jobs.values()} - {"A/0", "B/0"}, set())
        self.assert_each_image_stored_once(jobs)
        self.assertTrue(self.a.alive() and self.b.alive())


if __name__ == "__main__":
    MOAT, PUSH = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
