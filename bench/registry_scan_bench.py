#!/usr/bin/env python3
"""A registry scan by the center: N tags (100) that share a base layer, each with one small
layer of its own, pushed to the plain local registry (registry_env.sh); `moat server --workers 1`
(SQLite) adds the registry through a loopback proxy that counts requests, scans it and works
through the N jobs. Reports wall time, images/s, registry requests and the GETs of every layer
blob (the blob cache should make every shared layer one pull). Measures; asserts nothing.

  bench/registry_scan_bench.py [MOAT] [--tags 100] [--pusher MOAT_PUSH_TEST_IMAGES]
                               [--base OCI_DIR[:REF]] [--advisories DIR]

Images come from moat_push_test_images --shared-base (next to MOAT in its build tree: a 384 KiB
base layer without packages), or, with --base, from this script's own pusher (standard library,
monolithic blob uploads): the layers of an image in an OCI layout are the shared base, e.g.
/var/tmp/moat-testenv/images/oci:base, the realistic Debian base of
../shared/tools/build-test-images.sh. Needs MOAT_TEST_REGISTRY_PLAIN: `bash
tests/integration/registry_env.sh start` then `eval "$(bash tests/integration/registry_env.sh
env)"`.
"""

import argparse
import collections
import gzip
import hashlib
import http.client
import http.server
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from center_process import CountingProxy, read_banner, run, stop_process  # noqa: E402

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
REF_NAME = "org.opencontainers.image.ref.name"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- the images -------------------------------------------------------------------------------


def read_oci(layout, ref):
    """The manifest, config and layer blobs (bytes) of image `ref` (or the first) in a layout."""
    def blob(digest):
        with open(os.path.join(layout, "blobs", *digest.split(":")), "rb") as f:
            return f.read()
    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    wanted = [m for m in index["manifests"]
              if not ref or ref == m.get("annotations", {}).get(REF_NAME)]
    if not wanted:
        raise RuntimeError("%s: no image %r" % (layout, ref))
    manifest = json.loads(blob(wanted[0]["digest"]))
    config = json.loads(blob(manifest["config"]["digest"]))
    layers = [(d, blob(d["digest"])) for d in manifest["layers"]]
    return manifest, config, layers


def own_layer(tag):
    """A small gzip layer only this tag has (deterministic bytes)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        data = ("built for tag %s\n" % tag).encode()
        info = tarfile.TarInfo("etc/bench-build")
        info.size, info.mtime, info.mode = len(data), 0, 0o644
        tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as gz:
        gz.write(raw.getvalue())
    return raw.getvalue(), packed.getvalue()


def image_for_tag(base, tag):
    """(manifest bytes, [blobs]) of the base image plus this tag's own layer."""
    manifest, config, layers = base
    tar, layer = own_layer(tag)
    config = json.loads(json.dumps(config))
    config.setdefault("rootfs", {"type": "layers", "diff_ids": []})["diff_ids"].append(sha256(tar))
    config.setdefault("history", []).append({"created_by": "COPY build /etc/bench-build"})
    config_bytes = json.dumps(config, sort_keys=True).encode()
    descriptors = [d for d, _ in layers] + [
        {"mediaType": OCI_LAYER_GZIP, "digest": sha256(layer), "size": len(layer)}]
    new_manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": {"mediaType": manifest["config"]["mediaType"],
                               "digest": sha256(config_bytes), "size": len(config_bytes)},
                    "layers": descriptors}
    blobs = [data for _, data in layers] + [layer, config_bytes]
    return json.dumps(new_manifest, sort_keys=True).encode(), blobs


class Pusher:
    """Pushes blobs and manifests to a plain-HTTP, anonymous registry."""

    def __init__(self, host, repository):
        self.conn = http.client.HTTPConnection(host, timeout=300)
        self.repository = repository
        self.pushed = set()

    def call(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        reply = self.conn.getresponse()
        reply.read()
        return reply

    def blob(self, data):
        digest = sha256(data)
        if digest in self.pushed:
            return
        if self.call("HEAD", "/v2/%s/blobs/%s" % (self.repository, digest)).status != 200:
            started = self.call("POST", "/v2/%s/blobs/uploads/" % self.repository)
            location = urllib.parse.urlparse(started.getheader("Location"))
            path = location.path + "?" + (location.query + "&" if location.query else "")
            done = self.call("PUT", path + "digest=" + digest, data,
                             {"Content-Type": "application/octet-stream"})
            if done.status != 201:
                raise RuntimeError("pushing blob %s: HTTP %d" % (digest, done.status))
        self.pushed.add(digest)

    def manifest(self, tag, data):
        done = self.call("PUT", "/v2/%s/manifests/%s" % (self.repository, tag), data,
                         {"Content-Type": OCI_MANIFEST})
        if done.status != 201:
            raise RuntimeError("pushing manifest %s: HTTP %d" % (tag, done.status))
        return sha256(data)


# --- the counting proxy -----------------------------------------------------------------------


# --- the center -------------------------------------------------------------------------------


class Center:
    def __init__(self, moat, work, vulndb):
        self.data_dir = os.path.join(work, "data-" + uuid.uuid4().hex[:8])
        self.log = open(os.path.join(work, "server.log"), "a")
        self.proc = subprocess.Popen(
            [moat, "server", "--data-dir", self.data_dir, "--listen", "127.0.0.1:0", "--db",
             vulndb, "--workers", "1", "--schedule-period", "86400"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        try:
            url, self.token = read_banner(self.proc)
        except RuntimeError:
            self.proc.kill()
            raise RuntimeError("moat server did not start; see " + self.log.name)
        parsed = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)

    def call(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        reply = self.conn.getresponse()
        text = reply.read().decode()
        return reply.status, json.loads(text) if text.startswith(("{", "[")) else text

    def stop(self):
        stop_process(self.proc)
        self.log.close()


def wait_jobs(center, jobs, timeout):
    """Waits until every job ended; returns the states by count."""
    states = collections.Counter()
    deadline = time.time() + timeout
    for job in jobs:
        while True:
            status, body = center.call("GET", "/api/v1/jobs/" + job["id"])
            if status != 200:
                raise RuntimeError("GET job %s: %d %s" % (job["id"], status, body))
            if body["state"] in ("done", "failed"):
                states[body["state"]] += 1
                if body["state"] == "failed":
                    print("job %s failed: %s" % (job["id"], body.get("error")), file=sys.stderr)
                break
            if time.time() > deadline:
                raise RuntimeError("job %s still %s after %d s" % (job["id"], body["state"],
                                                                   timeout))
            time.sleep(0.05)
    return states


def push_own(args, registry, repository):
    """Pushes the tags with this script's pusher, the layers of --base shared."""
    layout, _, ref = args.base.partition(":")
    base = read_oci(layout, ref)
    pusher = Pusher(registry, repository)
    for i in range(args.tags):
        manifest, blobs = image_for_tag(base, "t%03d" % i)
        for data in blobs:
            pusher.blob(data)
        pusher.manifest("t%03d" % i, manifest)


def push_with_tool(args, registry, repository):
    run([args.pusher, registry, repository, str(args.tags), "--shared-base"])


def shared_layers(registry, repository):
    """Layer descriptors that tags t000 and t001 have in common (the base)."""
    conn = http.client.HTTPConnection(registry, timeout=60)
    layers = []
    for tag in ("t000", "t001"):
        conn.request("GET", "/v2/%s/manifests/%s" % (repository, tag),
                     headers={"Accept": OCI_MANIFEST + ", application/vnd.docker.distribution."
                              "manifest.v2+json"})
        reply = conn.getresponse()
        layers.append(json.loads(reply.read())["layers"])
    conn.close()
    second = {d["digest"] for d in layers[1]}
    return [d for d in layers[0] if d["digest"] in second]


def scan(args, work, vulndb, registry, repository):
    """Adds the registry through the proxy and scans it; returns what was measured."""
    proxy = CountingProxy(registry)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    center = Center(args.moat, work, vulndb)
    try:
        status, created = center.call("POST", "/api/v1/registries", {
            "name": "bench", "type": "docker-registry", "url": proxy.url(),
            "repositories": [repository]})
        if status != 201:
            raise RuntimeError("creating the registry: %d %s" % (status, created))
        before, _, _ = proxy.snapshot()
        start = time.perf_counter()
        status, body = center.call("POST", "/api/v1/registries/%s/scan" % created["id"])
        if status != 202:
            raise RuntimeError("scan: %d %s" % (status, body))
        states = wait_jobs(center, body["jobs"], args.timeout)
        wall = time.perf_counter() - start
        after, blob_gets, blob_bytes = proxy.snapshot()
    finally:
        center.stop()
        proxy.shutdown()
    return len(body["jobs"]), states, wall, after - before, blob_gets, blob_bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("moat", nargs="?",
                        default=os.path.join(ROOT, "build/release/src/cli/moat"))
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--pusher", default=None,
                        help="moat_push_test_images (default: next to MOAT's build tree)")
    parser.add_argument("--base", default=None,
                        help="OCI_DIR[:REF]: push with this script, that image's layers shared")
    parser.add_argument("--advisories",
                        default=os.path.join(ROOT, "tests/fixtures/demo-advisories"),
                        help="feeds of the center's vulnerability database")
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    registry = os.environ.get("MOAT_TEST_REGISTRY_PLAIN")
    if not registry:
        sys.exit("MOAT_TEST_REGISTRY_PLAIN is not set (tests/integration/registry_env.sh)")
    args.moat = os.path.abspath(args.moat)
    if args.pusher is None:
        build = os.path.dirname(os.path.dirname(os.path.dirname(args.moat)))
        args.pusher = os.path.join(build, "tests/tools/moat_push_test_images")
    print("moat: %s" % args.moat)
    print("date: %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    print("cpus: %d, load: %s" % (os.cpu_count(), " ".join("%.2f" % l for l in os.getloadavg())))
    with tempfile.TemporaryDirectory(prefix="moat-registry-bench.") as work:
        vulndb = os.path.join(work, "moat.db")
        run([args.moat, "db", "build", "--from", args.advisories, "--db", vulndb])
        repository = "bench-%s/app" % uuid.uuid4().hex[:8]
        start = time.perf_counter()
        if args.base:
            push_own(args, registry, repository)
        else:
            push_with_tool(args, registry, repository)
        base = shared_layers(registry, repository)
        print("pushed %s/%s (%s): %d tags sharing %d layer(s) of %.2f MB compressed in %.1f s"
              % (registry, repository, args.base or os.path.basename(args.pusher), args.tags,
                 len(base), sum(d["size"] for d in base) / 1e6, time.perf_counter() - start))

        jobs, states, wall, requests, blob_gets, blob_bytes = scan(args, work, vulndb, registry,
                                                                   repository)
        print("scan: %d jobs (%s) in %.2f s: %.1f images/s"
              % (jobs, ", ".join("%d %s" % (n, s) for s, n in sorted(states.items())), wall,
                 args.tags / wall))
        print("registry requests during the scan: %d (%s)" % (
            sum(requests.values()), ", ".join("%s %d" % i for i in sorted(requests.items()))))
        print("blob GETs (layers and configs): %d for %d distinct blobs, %.1f MB; max per blob %d"
              % (sum(blob_gets.values()), len(blob_gets), blob_bytes / 1e6,
                 max(blob_gets.values()) if blob_gets else 0))
        base_digests = {d["digest"] for d in base}
        for d in base:
            print("  shared layer %s… (%.2f MB): %d GET(s)"
                  % (d["digest"][:19], d["size"] / 1e6, blob_gets[d["digest"]]))
        own = [n for d, n in blob_gets.items() if d not in base_digests]
        print("  every other blob: %d blobs, max %d GET(s) each" % (len(own), max(own or [0])))


if __name__ == "__main__":
    main()
