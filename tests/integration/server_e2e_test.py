#!/usr/bin/env python3
"""The center end to end, with real components: `moat server` (SQLite, and PostgreSQL when
MOAT_TEST_POSTGRES is set), Docker's registry (plain HTTP, from registry_env.sh) holding Moat's
demo image, behind a loopback proxy that counts registry requests, and `moat scan --upload`.

Walks: health/metrics/auth → add registry (tested) → scan → images list, filters and search →
CI upload appears as ci-cd → re-push a tag with a new digest → rescanned → vulnerability database
changes → re-matched with zero registry requests → bad input (malformed JSON, oversized body,
viewer writing, unknown registry type, registry down) → SIGTERM stops the server.

  server_e2e_test.py <moat> <moat_make_demo_image>
"""

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from center_process import CountingProxy, read_banner  # noqa: E402
ADVISORIES = os.path.join(ROOT, "tests/fixtures/demo-advisories")
LODASH_ADVISORY = "GHSA-35jh-r3h4-6jhm.json"  # CVE-2021-23337, lodash 4.17.20 → 4.17.21
TIMEOUT = 120
MOAT = MAKE_IMAGE = None


def quiet_errors(server):
    server.handle_error = lambda request, address: None  # clients closing early are fine
    return server


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)


def skopeo_copy(source, dest, *extra):
    result = run(["skopeo", "copy", "--dest-tls-verify=false", *extra, source, dest])
    if result.returncode != 0:
        raise RuntimeError("skopeo copy %s %s: %s" % (source, dest, result.stderr))


def psql(base, sql):
    result = run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc", sql])
    if result.returncode != 0:
        raise RuntimeError("psql: %s" % result.stderr)


class Api:
    def __init__(self, url, token):
        self.url, self.token = url, token

    def call(self, method, path, body=None, token=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if (token or self.token) and token != "":
            request.add_header("Authorization", "Bearer " + (token or self.token))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                text = reply.read().decode()
                return reply.status, (json.loads(text) if text.startswith(("{", "[")) else text)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text


class CenterEndToEnd:
    """Mixed into one TestCase per store."""

    store = None

    @classmethod
    def setUpClass(cls):
        registry = os.environ.get("MOAT_TEST_REGISTRY_PLAIN")
        if not registry:
            raise unittest.SkipTest("MOAT_TEST_REGISTRY_PLAIN is not set "
                                    "(start tests/integration/registry_env.sh)")
        if cls.store == "postgres" and not os.environ.get("MOAT_TEST_POSTGRES"):
            raise unittest.SkipTest("MOAT_TEST_POSTGRES is not set "
                                    "(start tests/integration/postgres_env.sh)")
        if shutil.which("skopeo") is None:
            raise unittest.SkipTest("skopeo is missing (apt-get install skopeo)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="moat-server-e2e.")
        cls.work = cls.tmp.name
        run([MAKE_IMAGE, os.path.join(ROOT, "tests/fixtures/demo"),
             os.path.join(cls.work, "image")], check=True)
        cls.oci = "oci:" + os.path.join(cls.work, "image", "oci")
        # One variant of the demo image per authenticated registry, so each is pulled (an image
        # whose digest was scanned already is never pulled again).
        cls.variants = {}
        for name in ("basic", "tls"):
            fixture = os.path.join(cls.work, "fixture-" + name)
            shutil.copytree(os.path.join(ROOT, "tests/fixtures/demo"), fixture)
            with open(os.path.join(fixture, "layer3", "e2e-variant.txt"), "w") as f:
                f.write(name + uuid.uuid4().hex + "\n")
            run([MAKE_IMAGE, fixture, os.path.join(cls.work, "image-" + name)], check=True)
            cls.variants[name] = "oci:" + os.path.join(cls.work, "image-" + name, "oci")
        cls.archive = os.path.join(cls.work, "image", "demo.docker.tar")
        # Database v1 lacks the lodash advisory; v2 (all of them) replaces it later.
        v1 = os.path.join(cls.work, "advisories-v1")
        shutil.copytree(ADVISORIES, v1)
        os.remove(os.path.join(v1, "ghsa", LODASH_ADVISORY))
        cls.db = os.path.join(cls.work, "moat.db")
        run([MOAT, "db", "build", "--from", v1, "--db", cls.db], check=True)
        cls.repo = "e2e-%s/demo" % uuid.uuid4().hex[:8]
        cls.registry = registry
        for tag in ("1.0", "latest"):
            skopeo_copy(cls.oci, "docker://%s/%s:%s" % (registry, cls.repo, tag))
        cls.proxy = CountingProxy(registry)
        threading.Thread(target=cls.proxy.serve_forever, daemon=True).start()
        cls.location = None
        if cls.store == "postgres":
            cls.schema = "e2e_" + uuid.uuid4().hex[:12]
            base = os.environ["MOAT_TEST_POSTGRES"]
            psql(base, "CREATE SCHEMA " + cls.schema)
            cls.location = base + ("&" if "?" in base else "?") + \
                "options=-csearch_path%3D" + cls.schema
        # A site's own YARA rule: registry scans run it besides the built-in detectors.
        cls.rules = os.path.join(cls.work, "site-rules.yar")
        with open(cls.rules, "w") as f:
            f.write('rule legacy_deploy_env { strings: $a = "leaked by an old build step" '
                    'condition: $a }\n')
        cls.start_server()

    @classmethod
    def start_server(cls):
        args = [MOAT, "server", "--data-dir", os.path.join(cls.work, "data"), "--listen",
                "127.0.0.1:0", "--db", cls.db, "--workers", "1", "--schedule-period", "1",
                "--malware-rules", cls.rules]
        if cls.location:
            args += ["--database", cls.location]
        cls.server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
        try:
            url, token = read_banner(cls.server)
        except RuntimeError:
            cls.server.kill()
            raise RuntimeError("moat server did not start: " + cls.server.stderr.read())
        cls.api = Api(url, token)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "server", None) and cls.server.poll() is None:
            cls.server.kill()
            cls.server.wait(10)
        if getattr(cls, "proxy", None):
            cls.proxy.shutdown()
        if cls.store == "postgres" and getattr(cls, "schema", None):
            psql(os.environ["MOAT_TEST_POSTGRES"], "DROP SCHEMA %s CASCADE" % cls.schema)
        if getattr(cls, "tmp", None):
            cls.tmp.cleanup()

    def wait_jobs(self, jobs):
        deadline = time.time() + TIMEOUT
        for job in jobs:
            while True:
                status, body = self.api.call("GET", "/api/v1/jobs/" + job["id"])
                self.assertEqual(status, 200, body)
                if body["state"] in ("done", "failed"):
                    self.assertEqual(body["state"], "done", body)
                    break
                self.assertLess(time.time(), deadline, "job %s still %s" % (job["id"], body["state"]))
                time.sleep(0.2)

    def images(self, query=""):
        status, body = self.api.call("GET", "/api/v1/images" + query)
        self.assertEqual(status, 200, body)
        return body["images"]

    def vulnerability_ids(self, digest):
        status, body = self.api.call("GET", "/api/v1/images/" + digest)
        self.assertEqual(status, 200, body)
        return {v["id"] for v in body["report"]["vulnerabilities"]}

    def create_registry(self, name, url, expect=201):
        status, body = self.api.call("POST", "/api/v1/registries", {
            "name": name, "type": "docker-registry", "url": url, "repositories": [self.repo]})
        self.assertEqual(status, expect, body)
        return body

    def test_1_center_end_to_end(self):
        # Open endpoints and authentication.
        self.assertEqual(self.api.call("GET", "/healthz", token="")[0], 200)
        self.assertEqual(self.api.call("GET", "/readyz", token="")[0], 200)
        status, metrics = self.api.call("GET", "/metrics", token="")
        self.assertIn("moat_scan_queue_depth", metrics)
        self.assertIn('moat_http_request_duration_seconds_bucket{', metrics)
        self.assertEqual(self.api.call("GET", "/api/v1/images", token="")[0], 401)

        # Registry: add (tested through the proxy), scan, list.
        registry = self.create_registry("local", self.proxy.url())
        status, scan = self.api.call("POST", "/api/v1/registries/%s/scan" % registry["id"])
        self.assertEqual(status, 202, scan)
        self.assertEqual(len(scan["jobs"]), 1, "1.0 and latest are one digest: one job")
        self.wait_jobs(scan["jobs"])
        listed = self.images("?type=registry")
        self.assertEqual(len(listed), 1, listed)
        first = listed[0]
        self.assertEqual(sorted(first["tags"]), ["1.0", "latest"])
        self.assertTrue(first["repository"].endswith(self.repo), first)
        self.assertEqual([i["digest"] for i in self.images("?search=lat")], [first["digest"]])
        self.assertEqual([i["digest"] for i in self.images("?search=" + first["digest"][7:19])],
                         [first["digest"]])
        self.assertEqual(self.images("?search=no-such-tag"), [])
        self.assertNotIn("CVE-2021-23337", self.vulnerability_ids(first["digest"]))
        # Registry scans run the detectors: the demo's AWS key (masked) and the site's rule.
        status, image = self.api.call("GET", "/api/v1/images/" + first["digest"])
        findings = {(f["category"], f["ruleId"]) for f in image["report"]["findings"]}
        self.assertIn(("secret", "aws-access-key-id"), findings)
        self.assertIn(("malware", "site-rules:legacy_deploy_env"), findings)
        self.assertNotIn("AKIAQ4XZ7RMB2WEDTNPK", json.dumps(image))
        self.assertEqual(first["risk"]["secret"], {"critical": 1})

        # A second scan of unchanged tags queues nothing.
        status, again = self.api.call("POST", "/api/v1/registries/%s/scan" % registry["id"])
        self.assertEqual((status, again["jobs"]), (202, []))

        # CI/CD upload.
        env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_REPOSITORY="org/demo",
                   GITHUB_RUN_NUMBER="42", GITHUB_SHA="abc123", GITHUB_REF_NAME="main",
                   GITHUB_WORKFLOW="build")
        upload = run([MOAT, "scan", "--db", self.db, "--upload", self.api.url, "--token",
                      self.api.token, "-f", "json", "-o", os.path.join(self.work, "ci.json"),
                      self.archive], env=env)
        self.assertEqual(upload.returncode, 0, upload.stderr)
        ci = self.images("?type=ci-cd")
        self.assertEqual(len(ci), 1, ci)
        status, scans = self.api.call("GET", "/api/v1/scans")
        self.assertEqual(scans["scans"][0]["pipeline"]["run"], "42")
        self.assertEqual(len(self.images("?type=registry")), 1)

        # Re-push 1.0 with a new digest (Docker schema 2 instead of OCI): rescanned.
        skopeo_copy(self.oci, "docker://%s/%s:1.0" % (self.registry, self.repo), "--format",
                    "v2s2")
        status, scan = self.api.call("POST", "/api/v1/registries/%s/scan" % registry["id"])
        self.assertEqual(len(scan["jobs"]), 1, scan)
        self.wait_jobs(scan["jobs"])
        moved = self.images("?type=registry&search=1.0")
        self.assertEqual(len(moved), 1, moved)
        self.assertNotEqual(moved[0]["digest"], first["digest"])

        # The vulnerability database changes: stored inventories are re-matched, no registry
        # request is made.
        before = self.proxy.count
        v2 = os.path.join(self.work, "moat-v2.db")
        run([MOAT, "db", "build", "--from", ADVISORIES, "--db", v2], check=True)
        os.replace(v2, self.db)
        deadline = time.time() + 60
        while "CVE-2021-23337" not in self.vulnerability_ids(first["digest"]):
            self.assertLess(time.time(), deadline, "no re-match within 60 s")
            time.sleep(0.5)
        self.assertIn("CVE-2021-23337", self.vulnerability_ids(moved[0]["digest"]))
        self.assertEqual(self.proxy.count, before, "re-matching must not touch the registry")
        status, audit = self.api.call("GET", "/api/v1/audit")
        self.assertIn("vulndb.update", [e["action"] for e in audit["entries"]])
        status, metrics = self.api.call("GET", "/metrics", token="")
        self.assertIn('moat_scan_jobs{state="done"} 2', metrics)

        # Bad input: clear errors, nothing half-written.
        status, body = self.api.call("POST", "/api/v1/scans", raw=b"{not json")
        self.assertEqual(status, 400, body)
        self.assertIn("request body", body["error"]["message"])
        status, body = self.api.call("POST", "/api/v1/registries", raw=b"x" * (2 << 20))
        self.assertEqual(status, 413, body)
        status, body = self.api.call("POST", "/api/v1/registries", {
            "name": "gcr", "type": "gcr", "url": "https://gcr.example"})
        self.assertEqual(status, 400, body)
        down = self.create_registry("down", "http://127.0.0.1:9", expect=502)
        self.assertIn("nothing was saved", down["error"]["message"])
        status, viewer = self.api.call("POST", "/api/v1/tokens", {"name": "v", "role": "viewer"})
        self.assertEqual(status, 201, viewer)
        status, body = self.api.call("DELETE", "/api/v1/registries/" + registry["id"],
                                     token=viewer["token"])
        self.assertEqual(status, 403, body)
        status, listed = self.api.call("GET", "/api/v1/registries")
        self.assertEqual([r["name"] for r in listed["registries"]], ["local"])

    def test_2_registries_with_basic_auth_and_tls(self):
        user = os.environ.get("MOAT_TEST_REGISTRY_USER")
        password = os.environ.get("MOAT_TEST_REGISTRY_PASSWORD")
        basic = os.environ.get("MOAT_TEST_REGISTRY_BASIC")
        tls = os.environ.get("MOAT_TEST_REGISTRY_TLS")
        ca = os.environ.get("MOAT_TEST_REGISTRY_TLS_CA")
        if not (user and password and basic and tls and ca):
            self.skipTest("the basic-auth and TLS registries of registry_env.sh are not set")
        creds = "%s:%s" % (user, password)
        with open(ca) as f:
            ca_pem = f.read()
        for name, host, scheme, extra in (("basic", basic, "http", {}),
                                          ("tls", tls, "https", {"caPem": ca_pem})):
            skopeo_copy(self.variants[name], "docker://%s/%s:1.0" % (host, self.repo),
                        "--dest-creds", creds)
            body = dict({"name": name, "url": "%s://%s" % (scheme, host), "username": user,
                         "password": "wrong", "repositories": [self.repo]}, **extra)
            status, refused = self.api.call("POST", "/api/v1/registries", body)
            self.assertEqual(status, 502, refused)
            self.assertIn("refused the credentials", refused["error"]["message"])
            body["password"] = password
            status, registry = self.api.call("POST", "/api/v1/registries", body)
            self.assertEqual(status, 201, registry)
            status, scan = self.api.call("POST", "/api/v1/registries/%s/scan" % registry["id"])
            self.assertEqual((status, len(scan["jobs"])), (202, 1), scan)
            self.wait_jobs(scan["jobs"])
            listed = self.images("?type=registry&registry=" + registry["id"])
            self.assertEqual([i["tags"] for i in listed], [["1.0"]], listed)

    def test_3_failed_gate_alerts_reach_the_webhook(self):
        received = []

        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                received.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        hook = quiet_errors(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook))
        threading.Thread(target=hook.serve_forever, daemon=True).start()
        try:
            url = "http://127.0.0.1:%d/moat" % hook.server_address[1]
            status, body = self.api.call("PUT", "/api/v1/settings/webhooks",
                                         {"webhooks": [{"url": url}]})
            self.assertEqual(status, 200, body)
            env = dict(os.environ, JENKINS_URL="http://jenkins.example/", JOB_NAME="demo",
                       BUILD_NUMBER="9", GIT_COMMIT="def456", BRANCH_NAME="main")
            gated = run([MOAT, "scan", "--db", self.db, "--upload", self.api.url, "--token",
                         self.api.token, "--fail-on", "critical", "-f", "json", "-o",
                         os.path.join(self.work, "gated.json"), self.archive], env=env)
            self.assertEqual(gated.returncode, 1, gated.stderr)
            deadline = time.time() + 30
            while not received and time.time() < deadline:
                time.sleep(0.1)
            self.assertEqual(len(received), 1, "no webhook POST within 30 s")
            self.assertEqual(received[0]["alert"]["kind"], "ci-gate")
            status, alerts = self.api.call("GET", "/api/v1/alerts?kind=ci-gate")
            self.assertEqual(len(alerts["alerts"]), 1, alerts)
        finally:
            hook.shutdown()

    def test_4_bad_options_stop_the_start_before_the_first_token(self):
        bad = os.path.join(self.work, "bad.yar")
        with open(bad, "w") as f:
            f.write("rule broken { condition: }\n")
        result = run([MOAT, "server", "--data-dir", os.path.join(self.work, "data-bad"),
                      "--listen", "127.0.0.1:0", "--malware-rules", bad])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(bad, result.stderr)
        result = run([MOAT, "server", "--data-dir", os.path.join(self.work, "data-bad"),
                      "--listen", "127.0.0.1:0", "--scanners", "secret,bogus"])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn('unknown scanner "bogus"', result.stderr)
        busy = self.api.url.rsplit(":", 1)[1]
        result = run([MOAT, "server", "--data-dir", os.path.join(self.work, "data-bad"),
                      "--listen", "127.0.0.1:" + busy])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("in use", result.stderr)
        # None of the failed starts made the first admin token: the corrected start shows it.
        server = subprocess.Popen(
            [MOAT, "server", "--data-dir", os.path.join(self.work, "data-bad"), "--listen",
             "127.0.0.1:0", "--workers", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        try:
            url, token = read_banner(server)
            self.assertTrue(token.startswith("moat_"), token)
        finally:
            server.kill()
            server.wait(10)

    def test_5_sigterm_stops_the_server(self):
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(30), 0)


class SqliteCenterTest(CenterEndToEnd, unittest.TestCase):
    store = "sqlite"


class PostgresCenterTest(CenterEndToEnd, unittest.TestCase):
    store = "postgres"


if __name__ == "__main__":
    MOAT, MAKE_IMAGE = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
