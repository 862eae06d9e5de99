"""Shared by the center's integration tests and benchmarks: reading what `moat server` prints
when it starts (URL, first admin token), and a loopback proxy in front of a registry that counts
the requests it forwards (per kind, and GETs per blob digest)."""

import collections
import http.client
import http.server
import re
import subprocess
import threading
import time
import urllib.parse

BLOB_PATH = re.compile(r"^/v2/.+/blobs/(sha256:[0-9a-f]{64})$")


def run(args, ok=(0,)):
    """Runs a command; raises RuntimeError naming it and its stderr when it exits otherwise."""
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode not in ok:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(args), result.returncode, result.stderr))
    return result


def read_banner(proc, want_token=True, timeout=60):
    """(url, token) from a starting `moat server`'s stdout; token is None when the store had one
    already (a second replica). Raises RuntimeError when the server does not say them in time."""
    url = token = None
    deadline = time.time() + timeout
    while time.time() < deadline and not (url and (token or not want_token)):
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("moat center listening on "):
            url = line.split()[-1]
        elif line.startswith("first admin token"):
            token = line.split()[-1]
    if not url or (want_token and not token):
        raise RuntimeError("moat server did not start")
    # Keep draining stdout so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return url, token


def stop_process(proc, timeout=30):
    """SIGTERM, then SIGKILL when `proc` has not exited within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def path_kind(path):
    """"manifest", "blob", "tags", "catalog", "ping" or "other" for a registry API path."""
    for kind, pattern in (("manifest", "/manifests/"), ("blob", "/blobs/"), ("tags", "/tags/list"),
                          ("catalog", "/_catalog")):
        if pattern in path:
            return kind
    return "ping" if path.rstrip("/") == "/v2" else "other"


class CountingProxy(http.server.ThreadingHTTPServer):
    """Forwards every request to the registry at `upstream` (host:port) and counts them."""

    daemon_threads = True

    def __init__(self, upstream):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.lock = threading.Lock()
        self.count = 0
        self.requests = collections.Counter()   # "METHOD kind" → count
        self.blob_gets = collections.Counter()  # digest → GETs
        self.blob_bytes = 0

    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def snapshot(self):
        with self.lock:
            return collections.Counter(self.requests), collections.Counter(self.blob_gets), \
                self.blob_bytes

    def handle_error(self, request, client_address):
        pass  # clients closing early are fine


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection(self.server.upstream, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        reply = conn.getresponse()
        data = reply.read()
        path = urllib.parse.urlparse(self.path).path
        blob = BLOB_PATH.match(path)
        with self.server.lock:
            self.server.count += 1
            self.server.requests["%s %s" % (self.command, path_kind(path))] += 1
            if blob and self.command == "GET":
                self.server.blob_gets[blob.group(1)] += 1
                self.server.blob_bytes += len(data)
        self.send_response(reply.status)
        for key, value in reply.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = forward

    def log_message(self, *args):
        pass
