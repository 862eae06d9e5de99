#!/usr/bin/env python3
"""Acceptance test of vulnerability matching on ../shared's realistic demo image.

Builds a database from ../shared/data/advisories with `moat db build`, scans
$MOAT_PEER_IMAGES/demo-app.docker.tar (tests/integration/peer_env.sh prepares it) and checks
Moat's findings against an independent oracle that evaluates the OSV records of the feeds
itself (OSV rules: introduced/fixed/last_affected events, `versions` lists):

- the GHSA advisories ghsa-selected/index.tsv marks "positive" are reported, with the fixed
  version the advisory gives; its "boundary-negative" rows produce no finding;
- commons-text 1.10.0 has no finding for CVE-2022-42889 (fixed in 1.10.0);
- every PyPA advisory (urllib3, requests, Jinja2), Go vulndb advisory (the Go modules and the
  stdlib of the demo binary), and GHSA advisory for a demo package (npm, PyPI, RubyGems, Maven,
  Go) that affects the installed version is reported with the same lowest fixed version, and
  none that does not affect it is.

Exit 77 (ctest: skipped) when ../shared, the demo image or `moat db` is missing.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

MOAT = os.environ.get("MOAT_BINARY", "moat")
IMAGES = os.environ.get("MOAT_PEER_IMAGES", "/var/tmp/moat-testenv/images")
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("MOAT_SHARED_DATA",
                        os.path.normpath(os.path.join(HERE, "../../../shared/data")))
FEEDS = os.path.join(SHARED, "advisories")
OSV_ECOSYSTEMS = {"npm": "npm", "PyPI": "pypi", "RubyGems": "gem", "Maven": "maven", "Go": "golang"}

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def skip(reason):
    print("skipped: " + reason)
    sys.exit(77)


# --- an independent, deliberately simple version order ---------------------------------------
# Numeric dot/dash-separated parts compare as numbers; a part with letters (rc1, beta, dev0)
# marks a pre-release and sorts below the release it precedes. Enough for the plain versions of
# the demo packages and the advisories about them; a disagreement with Moat shows up as a
# failure to look at, never as a silent pass.
def key(version):
    v = version.lstrip("v")
    v = v.split("+", 1)[0]
    parts = re.split(r"[.\-]", v)
    out = []
    for p in parts:
        m = re.match(r"^(\d+)(.*)$", p)
        if m and not m.group(2):
            out.append((1, int(m.group(1)), ""))
        elif m:
            out.append((1, int(m.group(1)), ""))
            out.append((0, 0, m.group(2)))  # 1rc1 → 1, then a pre-release marker
        else:
            out.append((0, 0, p))
    while out and out[-1] == (1, 0, ""):
        out.pop()
    return out


def cmp(a, b):
    ka, kb = key(a), key(b)
    for x, y in zip(ka, kb):
        if x != y:
            return -1 if x < y else 1
    if len(ka) == len(kb):
        return 0
    # The longer one: a trailing pre-release marker makes it smaller, a number larger.
    longer = ka if len(ka) > len(kb) else kb
    sign = 1 if len(ka) > len(kb) else -1
    return sign if longer[min(len(ka), len(kb))][0] == 1 else -sign


def affected(installed, entry):
    """(affected, lowest fixed version above installed or None) per the OSV evaluation."""
    if installed in (entry.get("versions") or []):
        hit = True
    else:
        hit = False
    fixes = []
    for r in entry.get("ranges") or []:
        if r.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        events = []
        for e in r.get("events") or []:
            for kind in ("introduced", "fixed", "last_affected", "limit"):
                if kind in e:
                    events.append((kind, str(e[kind])))
        def order(ev):
            return (0 if ev[1] == "0" and ev[0] == "introduced" else 1, ev)
        import functools
        def compare(x, y):
            if x[0] == "introduced" and x[1] == "0":
                return -1
            if y[0] == "introduced" and y[1] == "0":
                return 1
            c = cmp(x[1], y[1])
            if c:
                return c
            return (x[0] != "introduced") - (y[0] != "introduced")
        events.sort(key=functools.cmp_to_key(compare))
        vulnerable = False
        for kind, v in events:
            if kind == "introduced" and (v == "0" or cmp(installed, v) >= 0):
                vulnerable = True
            elif kind == "fixed" and cmp(installed, v) >= 0:
                vulnerable = False
            elif kind == "last_affected" and cmp(installed, v) > 0:
                vulnerable = False
        hit = hit or vulnerable
        fixes += [v for kind, v in events if kind == "fixed" and cmp(v, installed) > 0]
    lowest = None
    for f in fixes:
        if lowest is None or cmp(f, lowest) < 0:
            lowest = f
    return hit, lowest


def pep503(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def load_records():
    files = glob.glob(os.path.join(FEEDS, "ghsa-selected/github-reviewed/**/*.json"), recursive=True)
    files += glob.glob(os.path.join(FEEDS, "go-vulndb-osv/**/*.json"), recursive=True)
    records = []
    for f in files:
        with open(f) as fh:
            records.append(json.load(fh))
    for f in glob.glob(os.path.join(FEEDS, "pypa-osv-yaml/vulns/*/*.yaml")):
        with open(f) as fh:
            records.append(yaml.safe_load(fh))
    return [r for r in records if isinstance(r, dict) and not r.get("withdrawn")]


def expected_findings(packages, records):
    """{(ecosystem, name, version): {record id: (aliases, lowest fix)}} for affected packages."""
    wanted = {}
    for p in packages:
        name = pep503(p["name"]) if p["ecosystem"] == "pypi" else p["name"]
        wanted.setdefault((p["ecosystem"], name), []).append(p)
    out = {}
    for r in records:
        for entry in r.get("affected") or []:
            pkg = entry.get("package") or {}
            eco = OSV_ECOSYSTEMS.get(pkg.get("ecosystem"))
            if eco is None:
                continue
            name = pep503(pkg.get("name", "")) if eco == "pypi" else pkg.get("name", "")
            for p in wanted.get((eco, name), []):
                hit, fix = affected(p["version"], entry)
                slot = out.setdefault((eco, p["name"], p["version"]), {})
                ids = {r["id"], *(r.get("aliases") or [])}
                if hit:
                    prev = slot.get(r["id"])
                    lowest = fix if prev is None or prev[1] is None or (
                        fix is not None and cmp(fix, prev[1]) < 0) else prev[1]
                    slot[r["id"]] = (ids, lowest)
    return out


def moat(*args):
    out = subprocess.run([MOAT, *args], capture_output=True, text=True, timeout=900)
    return out.returncode, out.stdout, out.stderr


def findings_of(report, package):
    return [v for v in report["vulnerabilities"] if v["package"] == package]


def check_index(report):
    index = os.path.join(FEEDS, "ghsa-selected/index.tsv")
    versions = {p["name"]: p["version"] for p in report["packages"] if p["ecosystem"] == "npm"}
    with open(index) as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh][1:]
    for ghsa, _aliases, packages, role, _hits, _commit, _published, path in rows:
        if not role.startswith(("positive", "boundary-negative")):
            continue
        with open(os.path.join(FEEDS, "ghsa-selected", path)) as fh:
            record = json.load(fh)
        names = [p.split("/", 1)[1] for p in packages.split(";") if p.startswith("npm/")]
        name = next(n for n in names if n in versions)
        found = [v for v in findings_of(report, name) if ghsa == v["id"] or ghsa in v["aliases"]]
        hit, fix = False, None
        for entry in record["affected"]:
            if entry["package"]["name"] != name:
                continue
            entry_hit, entry_fix = affected(versions[name], entry)
            if entry_hit:
                hit = True
                if entry_fix is not None and (fix is None or cmp(entry_fix, fix) < 0):
                    fix = entry_fix
        kind = role.split()[0]
        if kind == "positive" and not hit:
            # The index was computed for the image's expected versions; this build of the image
            # may carry a newer one, and then the advisory must not be reported.
            check(not found, f"{ghsa} ({kind} in the index) not reported: {name} "
                  f"{versions[name]} is outside its ranges")
        elif kind == "positive":
            check(len(found) == 1 and fix in found[0]["fixedVersions"],
                  f"{ghsa} reported for {name} {versions[name]} with fix {fix}"
                  + ("" if found else " (not found)")
                  + (f" (got {found[0]['fixedVersions']})" if found else ""))
        else:
            check(not found and not hit,
                  f"{ghsa} ({kind}) not reported for {name} {versions[name]}")


def check_oracle(report, records):
    app = [p for p in report["packages"] if p["ecosystem"] in OSV_ECOSYSTEMS.values()]
    expected = expected_findings(app, records)
    keys = sorted({(p["ecosystem"], p["name"], p["version"]) for p in app})
    for eco, name, version in keys:
        by_id = expected.get((eco, name, version), {})
        mine = [v for v in report["vulnerabilities"]
                if v["package"] == name and v["installedVersion"] == version]
        if not by_id and not mine and eco in ("gem", "maven", "pypi", "golang"):
            print(f"ok   {eco} {name} {version}: no feed record affects it, none reported")
        for rid, (ids, fix) in sorted(by_id.items()):
            got = [v for v in mine if v["id"] in ids or ids & set(v["aliases"])]
            what = f"{eco} {name} {version}: {rid} ({'fixed in ' + fix if fix else 'no fix'})"
            if not got:
                check(False, what + " not reported")
                continue
            fixes = got[0]["fixedVersions"]
            check(fix is None or fix in fixes, what + f" reported, fixed versions {fixes}")
        # Nothing reported that no feed record in the oracle explains (npm-wg and other feeds
        # are outside the oracle; only Go, PyPI, gem and Maven are checked in this direction).
        if eco in ("golang", "pypi", "gem", "maven"):
            explained = set()
            for ids, _ in by_id.values():
                explained |= ids
            for v in mine:
                check(v["id"] in explained or bool(explained & set(v["aliases"])),
                      f"{eco} {name} {version}: {v['id']} is explained by a feed record")


def check_planted_secrets(report):
    """The credentials build-test-images.sh plants in layer 1 (deleted by layer 2) are found."""
    secrets = {f["ruleId"]: f for f in report["findings"]
               if f["category"] == "secret" and f["evidence"]["path"] == "/opt/legacy/deploy.env"}
    for rule in ("aws-access-key-id", "aws-secret-access-key", "github-pat"):
        f = secrets.get(rule)
        check(f is not None and f["evidence"]["layer"] == 0 and f["evidence"]["deletedInLayer"] == 1
              and "****" in f["evidence"]["excerpt"],
              f"{rule} in /opt/legacy/deploy.env: found in layer 1, marked deleted, masked")


def main():
    image = os.path.join(IMAGES, "demo-app.docker.tar")
    if not os.path.isdir(FEEDS):
        skip(f"{FEEDS} is absent")
    if not os.path.exists(image):
        skip(f"{image} is absent (run tests/integration/peer_env.sh)")
    code, _, _ = moat("db", "build", "--help")
    if code != 0:
        skip("`moat db build` is not available in this build")
    work = tempfile.mkdtemp(prefix="moat-vuln-demo-")
    db = os.path.join(work, "moat.db")
    code, out, err = moat("db", "build", "--from", FEEDS, "--db", db)
    check(code == 0 and os.path.exists(db), f"moat db build exits 0 ({err.strip()[-300:]})")
    if failures:
        return 1
    code, out, err = moat("scan", "-q", "-f", "json", "--db", db, image)
    check(code == 0, f"moat scan exits 0 ({err.strip()[-300:]})")
    if code != 0:
        return 1
    report = json.loads(out)
    check(report["database"] is not None and report["database"]["path"] == db,
          "the report names the database it used")
    check_index(report)
    text = [v for v in findings_of(report, "org.apache.commons:commons-text")
            if v["id"] == "CVE-2022-42889" or "CVE-2022-42889" in v["aliases"]]
    check(not text, "commons-text 1.10.0: no finding for CVE-2022-42889 (fixed in 1.10.0)")
    check_oracle(report, load_records())
    check_planted_secrets(report)
    code, _, _ = moat("scan", "-q", "--db", db, "--fail-on", "critical", image)
    critical = any(v["severity"] == "critical" for v in report["vulnerabilities"])
    check(code == (1 if critical else 0), f"--fail-on critical exits {1 if critical else 0}")
    print(f"{len(report['vulnerabilities'])} findings; "
          f"{'all checks passed' if not failures else str(len(failures)) + ' failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
