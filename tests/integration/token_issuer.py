#!/usr/bin/env python3
"""A tiny Docker-registry token server for integration tests (stdlib + the openssl CLI).

Issues RS256 JWTs that docker-registry's `auth: token:` accepts: the signing certificate travels
in the x5c header and is the registry's rootcertbundle. GET /token (Basic or anonymous) and
POST /token (OAuth2 grant_type=password or refresh_token) as in the distribution token spec.

Usage: token_issuer.py PORT KEY.pem CERT.pem ISSUER USER PASSWORD REFRESH_TOKEN
"""
import base64
import http.server
import json
import os
import subprocess
import sys
import time
import urllib.parse

PORT, KEY, CERT, ISSUER, USER, PASSWORD, REFRESH = sys.argv[1:8]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def cert_der() -> bytes:
    return subprocess.run(["openssl", "x509", "-in", CERT, "-outform", "DER"],
                          check=True, capture_output=True).stdout


CERT_DER = cert_der()


def sign(payload: bytes) -> bytes:
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=payload,
                          check=True, capture_output=True).stdout


def make_token(service: str, scopes: list, authenticated: bool) -> str:
    access = []
    for scope in scopes:
        parts = scope.split(":")
        if len(parts) < 3 or parts[0] != "repository":
            continue
        name, actions = ":".join(parts[1:-1]), parts[-1].split(",")
        granted = [a for a in actions if a in ("pull", "push")] if authenticated else []
        access.append({"type": "repository", "name": name, "actions": granted})
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(CERT_DER).decode()]}
    claims = {"iss": ISSUER, "sub": USER if authenticated else "", "aud": service,
              "exp": now + 300, "nbf": now - 10, "iat": now, "jti": b64url(os.urandom(12)),
              "access": access}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(claims).encode())).encode()
    return signing_input.decode() + "." + b64url(sign(signing_input))


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("token_issuer: " + (fmt % args) + "\n")

    def reply(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def basic_user(self):
        """(ok, authenticated): ok is False when credentials were sent and are wrong."""
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return True, False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False, False
        good = user == USER and password == PASSWORD
        return good, good

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path != "/token":
            return self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such path"}]})
        query = urllib.parse.parse_qs(url.query)
        ok, authenticated = self.basic_user()
        if not ok:
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                                "message": "invalid username or password"}]})
        token = make_token(query.get("service", [""])[0], query.get("scope", []), authenticated)
        self.reply(200, {"token": token, "expires_in": 300})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        grant = form.get("grant_type", [""])[0]
        good = ((grant == "refresh_token" and form.get("refresh_token", [""])[0] == REFRESH) or
                (grant == "password" and form.get("username", [""])[0] == USER and
                 form.get("password", [""])[0] == PASSWORD))
        if not good:
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad grant"}]})
        token = make_token(form.get("service", [""])[0], form.get("scope", [""])[0].split(" "), True)
        self.reply(200, {"access_token": token, "expires_in": 300, "refresh_token": REFRESH})


http.server.ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
