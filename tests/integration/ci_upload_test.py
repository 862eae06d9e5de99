#!/usr/bin/env python3
"""CI/CD upload end to end: the GitHub Action's entrypoint.sh and the Jenkins moat-scan.sh scan
Moat's demo image (built by moat_make_demo_image, no Docker, no ../shared) against a database of
the demo advisories and upload to a loopback receiver standing in for the center's
POST /api/v1/scans. Checks the request (path, bearer token, pipeline from the CI variables,
report, gate = exit code), the SARIF/JSON files, a 401 answer (exit 3 with the server's
message), TLS with --upload-ca / --upload-insecure, and that no server means no upload and
the gate's exit code.

  ci_upload_test.py <moat> <moat_make_demo_image>
"""

import http.server
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENTRYPOINT = os.path.join(ROOT, "ci", "github-action", "entrypoint.sh")
JENKINS = os.path.join(ROOT, "ci", "jenkins", "moat-scan.sh")
TOKEN = "moat-test-token-1234"
TIMEOUT = 300  # seconds per moat run; the demo image scans in well under one
MOAT = MAKE_IMAGE = None


class Receiver(http.server.ThreadingHTTPServer):
    """Records every request (also to requests.jsonl) and answers with `reply`."""

    def __init__(self, log_path):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.log_path = log_path
        self.requests = []
        self.reply = (201, {"id": "scan-1", "digest": "sha256:00",
                            "image": "/api/v1/images/sha256:00"})
        self.lock = threading.Lock()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    timeout = 30  # a stalled client cannot hang the test

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        record = {"method": "POST", "path": self.path,
                  "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        with self.server.lock:
            self.server.requests.append(record)
            with open(self.server.log_path, "a") as log:
                log.write(json.dumps(record) + "\n")
        status, answer = self.server.reply
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def clean_env(**extra):
    """A minimal environment, so the CI this test runs in leaks no GITHUB_*/JENKINS variables."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "LANG": "C.UTF-8", "MOAT_BIN": MOAT}
    env.update(extra)
    return env


def run(args, env, cwd):
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)


class CiUploadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="moat-ci-upload.")
        cls.work = cls.tmp.name
        subprocess.run([MAKE_IMAGE, os.path.join(ROOT, "tests/fixtures/demo"),
                        os.path.join(cls.work, "image")], check=True, capture_output=True,
                       timeout=TIMEOUT)
        cls.image = os.path.join(cls.work, "image", "oci")
        cls.db = os.path.join(cls.work, "moat.db")
        subprocess.run([MOAT, "db", "build", "--from",
                        os.path.join(ROOT, "tests/fixtures/demo-advisories"), "--db", cls.db],
                       check=True, capture_output=True, timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=self.work)
        self.receiver = Receiver(os.path.join(self.dir, "requests.jsonl"))
        self.thread = threading.Thread(target=self.receiver.serve_forever, daemon=True)
        self.thread.start()

    def tearDown(self):
        self.receiver.shutdown()
        self.receiver.server_close()
        self.thread.join(timeout=10)

    def github_env(self, **extra):
        env = clean_env(
            GITHUB_ACTIONS="true", GITHUB_REPOSITORY="acme/shop", GITHUB_WORKFLOW="build",
            GITHUB_RUN_NUMBER="42", GITHUB_RUN_ATTEMPT="1", GITHUB_RUN_ID="777",
            GITHUB_SHA="0123456789abcdef0123456789abcdef01234567", GITHUB_REF_NAME="main",
            GITHUB_HEAD_REF="", GITHUB_SERVER_URL="https://github.com",
            GITHUB_OUTPUT=os.path.join(self.dir, "github_output"),
            INPUT_IMAGE=self.image, INPUT_FAIL_ON="critical,high",
            INPUT_SARIF_FILE=os.path.join(self.dir, "moat.sarif"),
            INPUT_ARGS="--db " + self.db)
        env.update(extra)
        return env

    def jenkins_env(self, **extra):
        env = clean_env(
            JENKINS_URL="http://jenkins.example.com/", JOB_NAME="shop/main", BUILD_NUMBER="118",
            BUILD_URL="http://jenkins.example.com/job/shop/job/main/118/",
            GIT_URL="https://git.example.com/acme/shop.git",
            GIT_COMMIT="fedcba9876543210fedcba9876543210fedcba98", GIT_BRANCH="origin/release",
            MOAT_IMAGE=self.image, MOAT_FAIL_ON="critical,high", MOAT_ARGS="--db " + self.db,
            MOAT_REPORT_DIR=self.dir)
        env.update(extra)
        return env

    def upload(self):
        """The one request received, checked for path and token; its parsed body."""
        self.assertEqual(len(self.receiver.requests), 1, self.receiver.requests)
        request = self.receiver.requests[0]
        self.assertEqual(request["path"], "/api/v1/scans")
        self.assertEqual(request["headers"]["authorization"], "Bearer " + TOKEN)
        self.assertEqual(request["headers"]["content-type"], "application/json")
        body = json.loads(request["body"])
        report = body["report"]
        self.assertEqual(report["schemaVersion"], 1)
        self.assertTrue(report["image"]["digest"].startswith("sha256:"), report["image"])
        self.assertTrue(report["image"]["imageId"].startswith("sha256:"), report["image"])
        self.assertEqual(report["image"]["repoTags"], ["demo/app:1.0"])
        return body

    def assert_gate(self, body, code):
        self.assertIn(code, (0, 1))
        self.assertEqual(body["gate"]["result"], "fail" if code == 1 else "pass")
        self.assertRegex(body["gate"]["reason"], r"^\d+ findings? at or above high$")

    def assert_sarif(self, path):
        with open(path) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertGreater(len(sarif["runs"][0]["results"]), 0)

    def test_github_action_uploads_pipeline_gate_and_report(self):
        r = run(["bash", ENTRYPOINT], self.github_env(INPUT_SERVER=self.receiver.url,
                                                      INPUT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)  # the demo image has critical findings
        body = self.upload()
        self.assertEqual(body["pipeline"], {
            "provider": "github", "repository": "acme/shop", "workflow": "build", "run": "42",
            "commit": "0123456789abcdef0123456789abcdef01234567", "branch": "main",
            "url": "https://github.com/acme/shop/actions/runs/777"})
        self.assert_gate(body, r.returncode)
        self.assertEqual(body["gate"]["reason"], "5 findings at or above high")
        self.assert_sarif(os.path.join(self.dir, "moat.sarif"))
        with open(os.path.join(self.dir, "github_output")) as f:
            outputs = f.read()
        self.assertIn("exit-code=1\n", outputs)
        self.assertIn("gate=fail\n", outputs)
        # Only the runner's masking command may name the token.
        log = (r.stdout + r.stderr).replace("::add-mask::" + TOKEN, "")
        self.assertNotIn(TOKEN, log)
        self.assertIn("moat: uploaded to %s/api/v1/scans: scan scan-1" % self.receiver.url,
                      r.stderr)

    def test_github_action_passing_gate_uploads_pass(self):
        r = run(["bash", ENTRYPOINT], self.github_env(
            INPUT_SERVER=self.receiver.url, INPUT_TOKEN=TOKEN, INPUT_FAIL_ON="critical",
            INPUT_SCANNERS="history"), self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        body = self.upload()
        self.assertEqual(body["gate"], {"result": "pass",
                                        "reason": "0 findings at or above critical"})

    def test_jenkins_uploads_and_writes_sarif_and_json(self):
        r = run(["bash", JENKINS], self.jenkins_env(MOAT_SERVER=self.receiver.url,
                                                    MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        body = self.upload()  # exactly one request: the JSON run does not upload again
        self.assertEqual(body["pipeline"], {
            "provider": "jenkins", "repository": "acme/shop", "workflow": "shop/main",
            "run": "118", "commit": "fedcba9876543210fedcba9876543210fedcba98",
            "branch": "release", "url": "http://jenkins.example.com/job/shop/job/main/118/"})
        self.assert_gate(body, r.returncode)
        self.assert_sarif(os.path.join(self.dir, "moat-report.sarif"))
        with open(os.path.join(self.dir, "moat-report.json")) as f:
            report = json.load(f)
        self.assertEqual(report["image"]["digest"], body["report"]["image"]["digest"])

    def test_rejected_upload_exits_3_with_the_server_message(self):
        self.receiver.reply = (401, {"error": {"status": 401, "message": "unknown token"}})
        endpoint = self.receiver.url + "/api/v1/scans"
        r = run([MOAT, "scan", "-q", "--db", self.db, "-f", "json", "-o",
                 os.path.join(self.dir, "r.json"), "--upload", self.receiver.url, self.image],
                clean_env(MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(r.stderr, "moat: error: uploading to %s: HTTP 401: unknown token\n"
                         % endpoint)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "r.json")))  # output still written
        # A failed gate does not hide a failed upload; the wrappers pass the 3 on.
        r = run(["bash", JENKINS], self.jenkins_env(MOAT_SERVER=self.receiver.url,
                                                    MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("HTTP 401: unknown token", r.stderr)
        r = run(["bash", ENTRYPOINT], self.github_env(INPUT_SERVER=self.receiver.url,
                                                      INPUT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_no_server_no_upload_and_the_gate_decides(self):
        # A MOAT_SERVER left in the runner's environment is not the action's server input.
        r = run(["bash", ENTRYPOINT], self.github_env(MOAT_SERVER=self.receiver.url,
                                                      MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assert_sarif(os.path.join(self.dir, "moat.sarif"))
        r = run(["bash", JENKINS], self.jenkins_env(), self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        r = run(["bash", JENKINS], self.jenkins_env(MOAT_FAIL_ON="critical",
                                                    MOAT_SCANNERS="history"), self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.receiver.requests, [])

    def test_tls_center_needs_its_ca_or_insecure(self):
        if shutil.which("openssl") is None:
            self.skipTest("openssl not found")
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True,
                       timeout=60)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.receiver.socket = context.wrap_socket(self.receiver.socket, server_side=True)
        url = self.receiver.url.replace("http://", "https://")
        scan = [MOAT, "scan", "-q", "--skip-vulns", "-f", "json", "-o", os.devnull,
                "--upload", url]
        r = run(scan + [self.image], clean_env(MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("moat: error: uploading to %s/api/v1/scans: " % url, r.stderr)
        self.assertEqual(self.receiver.requests, [])
        r = run(scan + ["--upload-ca", cert, self.image], clean_env(MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(scan + ["--upload-insecure", self.image], clean_env(MOAT_TOKEN=TOKEN), self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.receiver.requests), 2)

    def test_upload_without_token_is_a_usage_error(self):
        r = run([MOAT, "scan", "--upload", self.receiver.url, self.image], clean_env(), self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--upload needs --token or $MOAT_TOKEN", r.stderr)
        self.assertEqual(self.receiver.requests, [])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    MOAT, MAKE_IMAGE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
