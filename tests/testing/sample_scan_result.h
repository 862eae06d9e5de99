// A hand-built, realistic ScanResult (Debian image with OS, npm, Maven, Go, PyPI and gem
// packages, executables and a warning) for writer and CLI tests. Header-only: it needs
// moat_report, which moat_testing does not link.
#pragma once

#include <utility>

#include "inventory/package.h"
#include "inventory/purl.h"
#include "report/scan_result.h"

namespace moat::testing {

inline image::ImageInfo SampleImage() {
  image::ImageInfo image;
  image.reference = "registry.example.com/team/demo-app:1.4";
  image.source_type = "registry";
  image.digest = "sha256:4c1d5e4f2a3b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5";
  image.manifest_media_type = "application/vnd.oci.image.manifest.v1+json";
  image.image_id = "sha256:b651d6b046fc5accec80256aab268fc6699fd4162116cad9ca683a55fc064409";
  image.repo_tags = {"registry.example.com/team/demo-app:1.4"};
  image.repo_digests = {"registry.example.com/team/demo-app@" + image.digest};
  image.platform = {"linux", "amd64", ""};
  image.created = "2026-11-28T13:54:02.69444808Z";
  image.author = "test-fixture";
  image.config.user = "app";
  image.config.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  image.config.cmd = {"node", "server.js"};
  image.config.working_dir = "/app";
  image.config.exposed_ports = {"8080/tcp"};
  image.config.labels = {{"org.opencontainers.image.title", "vuln-demo-app"}};
  image.history = {
      {"2026-11-28T13:53:34Z", "debootstrap --variant=minbase bookworm", "", "", false},
      {"2026-11-28T13:53:52Z", "/bin/sh -c apt-get install -y python3-jinja2", "", "", false},
      {"2026-11-28T13:53:58Z", "/bin/sh -c #(nop) COPY dir:app /app", "", "", false},
      {"2026-11-28T13:54:02Z", "/bin/sh -c #(nop)  CMD [\"node\",\"server.js\"]", "", "", true},
  };
  const char* diff_ids[] = {
      "sha256:86de2d1cf43794fc3d28c23c15d153c5ec811bcb15e204cb0acc21ddf9739ca8",
      "sha256:e7b4d5176cbbc4fa7daa1719d4f81a08e8e10eb20318aee7e9db5feefd5fe75d",
      "sha256:1adb2fe274c195d543b339db3859faca0c35e364ca9feae35f7b828347d94f03"};
  const char* digests[] = {
      "sha256:0f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
      "sha256:1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
      "sha256:2f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"};
  for (int i = 0; i < 3; ++i) {
    image::LayerInfo layer;
    layer.index = i;
    layer.digest = digests[i];
    layer.diff_id = diff_ids[i];
    layer.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
    layer.size = i == 2 ? -1 : 31457280 + i;
    layer.created_by = image.history[i].created_by;
    image.layers.push_back(layer);
  }
  return image;
}

inline inventory::Package SamplePackage(inventory::Ecosystem ecosystem, std::string name,
                                        std::string version, int layer, std::string found_in) {
  inventory::Package p;
  p.ecosystem = ecosystem;
  p.name = std::move(name);
  p.version = std::move(version);
  p.layer = layer;
  p.found_in = std::move(found_in);
  return p;
}

inline std::vector<inventory::Package> SampleOsPackages() {
  using inventory::Ecosystem;
  std::vector<inventory::Package> out;
  auto libc = SamplePackage(Ecosystem::kDeb, "libc6", "2.36-9+deb12u10", 0, "/var/lib/dpkg/status");
  libc.source_name = "glibc";
  libc.arch = "amd64";
  libc.licenses = {"GPL-2.0-only", "LGPL-2.1-only"};
  libc.files = {"/lib/x86_64-linux-gnu/libc.so.6", "/usr/share/doc/libc6/copyright"};
  out.push_back(libc);
  auto bsdutils =
      SamplePackage(Ecosystem::kDeb, "bsdutils", "1:2.38.1-5+deb12u3", 0, "/var/lib/dpkg/status");
  bsdutils.epoch = 1;
  bsdutils.source_name = "util-linux";
  bsdutils.source_version = "2.38.1-5+deb12u3";
  bsdutils.arch = "amd64";
  bsdutils.licenses = {"GPL-2.0", "public-domain", "BSD-4-Clause"};
  bsdutils.files = {"/usr/bin/logger", "/usr/bin/renice", "/usr/bin/script"};
  out.push_back(bsdutils);
  auto stdcxx =
      SamplePackage(Ecosystem::kDeb, "libstdc++6", "12.2.0-14+deb12u1", 1, "/var/lib/dpkg/status");
  stdcxx.source_name = "gcc-12";
  stdcxx.arch = "amd64";
  stdcxx.licenses = {"GPL-3.0-or-later WITH GCC-exception-3.1"};
  out.push_back(stdcxx);
  return out;
}

inline std::vector<inventory::Package> SampleAppPackages() {
  using inventory::Ecosystem;
  using inventory::PackageOrigin;
  std::vector<inventory::Package> out;
  auto babel = SamplePackage(Ecosystem::kNpm, "@babel/core", "7.0.0", 2,
                             "/app/node_modules/@babel/core/package.json");
  babel.licenses = {"MIT"};
  out.push_back(babel);
  auto axios = SamplePackage(Ecosystem::kNpm, "axios", "0.21.0", 2, "/app/package-lock.json");
  axios.origin = PackageOrigin::kLockfile;
  axios.licenses = {"MIT"};
  out.push_back(axios);
  auto jest = SamplePackage(Ecosystem::kNpm, "jest", "29.7.0", 2, "/app/package-lock.json");
  jest.origin = PackageOrigin::kLockfile;
  jest.dev = true;
  out.push_back(jest);
  auto log4j = SamplePackage(Ecosystem::kMaven, "org.apache.logging.log4j:log4j-core", "2.19.0", 2,
                             "/opt/app/lib/app.jar");
  log4j.found_in_archive = "BOOT-INF/lib/log4j-core-2.19.0.jar";
  log4j.licenses = {"Apache-2.0"};
  out.push_back(log4j);
  auto errors = SamplePackage(Ecosystem::kGolang, "github.com/pkg/errors", "v0.9.1", 2,
                              "/usr/local/bin/vulndemo");
  errors.origin = PackageOrigin::kBinary;
  errors.licenses = {"BSD-2-Clause"};
  out.push_back(errors);
  auto zope = SamplePackage(Ecosystem::kPypi, "Zope.Interface", "6.0", 2,
                            "/usr/local/lib/python3.11/dist-packages/"
                            "zope.interface-6.0.dist-info/METADATA");
  zope.licenses = {"ZPL 2.1"};
  out.push_back(zope);
  auto jinja = SamplePackage(Ecosystem::kPypi, "Jinja2", "3.1.2", 2,
                             "/usr/local/lib/python3.11/dist-packages/Jinja2-3.1.2.dist-info/"
                             "METADATA");
  jinja.licenses = {"BSD-3-Clause"};
  out.push_back(jinja);
  auto rack = SamplePackage(Ecosystem::kGem, "rack", "2.2.22", 2,
                            "/usr/local/lib/ruby/gems/3.1.0/specifications/rack-2.2.22.gemspec");
  rack.licenses = {"MIT"};
  out.push_back(rack);
  return out;
}

// The whole result; purls and layer diff IDs are filled as the assembler would.
inline report::ScanResult SampleScanResult() {
  report::ScanResult result;
  result.image = SampleImage();
  inventory::OsInfo os;
  os.family = "debian";
  os.name = "Debian GNU/Linux 12 (bookworm)";
  os.version = "12.15";
  os.codename = "bookworm";
  result.inventory.os = os;
  result.inventory.packages = SampleOsPackages();
  for (auto& p : SampleAppPackages()) result.inventory.packages.push_back(std::move(p));
  for (auto& p : result.inventory.packages) {
    p.purl = inventory::MakePurl(p, result.inventory.os);
    p.layer_diff_id = result.image.layers[p.layer].diff_id;
  }
  result.inventory.executables = {
      {"/usr/bin/bash", 1265648, std::string(64, 'a'), 0755, 0},
      {"/usr/bin/passwd", 68248, std::string(64, 'b'), 04755, 0},
      {"/usr/local/bin/vulndemo", 2097152, std::string(64, 'c'), 0755, 2},
  };
  result.inventory.warnings = {"/app/broken/package.json: invalid JSON at byte 12: syntax error"};
  result.scanner_version = "0.1.0";
  result.scanned_at = "2026-11-28T14:06:58Z";
  return result;
}

// Findings as the matcher reports them for SampleScanResult's packages: a Debian finding shown
// with the vendor's rating, an unfixed one, two npm findings and one Maven finding.
inline std::vector<vulndb::Vulnerability> SampleVulnerabilities(const report::ScanResult& result) {
  auto in = [&result](const std::string& name) {
    vulndb::Vulnerability v;
    for (const auto& p : result.inventory.packages) {
      if (p.name != name) continue;
      v.ecosystem = std::string(inventory::EcosystemName(p.ecosystem));
      v.package = p.name;
      v.installed_version = p.version;
      v.purl = p.purl;
      v.found_in = p.found_in;
      v.found_in_archive = p.found_in_archive;
      v.layer = p.layer;
      v.layer_diff_id = p.layer_diff_id;
    }
    return v;
  };
  std::vector<vulndb::Vulnerability> out;
  vulndb::Vulnerability log4j = in("org.apache.logging.log4j:log4j-core");
  log4j.id = "CVE-2021-44228";
  log4j.aliases = {"GHSA-jfh8-c2jp-5v3q"};
  log4j.state = vulndb::FixState::kFixed;
  log4j.fixed_versions = {"2.3.1", "2.12.2", "2.15.0"};
  log4j.fix = "upgrade org.apache.logging.log4j:log4j-core to 2.15.0";
  log4j.severity = "critical";
  log4j.severity_source = "cvss:3.1";
  log4j.cvss_score = 10.0;
  log4j.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  log4j.vendor_severity = "critical";
  log4j.title = "Remote code injection in Log4j";
  log4j.references = {"https://nvd.nist.gov/vuln/detail/CVE-2021-44228"};
  log4j.sources = {"ghsa"};
  out.push_back(log4j);
  vulndb::Vulnerability axios = in("axios");
  axios.id = "CVE-2021-3749";
  axios.aliases = {"GHSA-cph5-m8f7-6c5x"};
  axios.fixed_versions = {"0.21.2"};
  axios.fix = "upgrade axios to 0.21.2";
  axios.severity = "high";
  axios.severity_source = "cvss:3.1";
  axios.cvss_score = 7.5;
  axios.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
  axios.vendor_severity = "high";
  axios.title = "Incorrect Comparison in axios";
  axios.sources = {"ghsa"};
  out.push_back(axios);
  vulndb::Vulnerability ssrf = in("axios");
  ssrf.id = "CVE-2020-28168";
  ssrf.aliases = {"GHSA-4w2v-q235-vp99"};
  ssrf.fixed_versions = {"0.21.1"};
  ssrf.fix = "upgrade axios to 0.21.1";
  ssrf.severity = "medium";
  ssrf.severity_source = "cvss:3.1";
  ssrf.cvss_score = 5.9;
  ssrf.cvss_vector = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N";
  ssrf.title = "Server-Side Request Forgery in Axios";
  ssrf.sources = {"ghsa"};
  out.push_back(ssrf);
  vulndb::Vulnerability glibc = in("libc6");
  glibc.id = "CVE-2023-4911";
  glibc.aliases = {"DSA-5514-1"};
  glibc.source_package = "glibc";
  glibc.distro = "debian:12";
  glibc.fixed_versions = {"2.36-9+deb12u3"};
  glibc.fix = "upgrade libc6 (source glibc) to 2.36-9+deb12u3";
  glibc.severity = "medium";
  glibc.severity_source = "vendor:debian";
  glibc.cvss_score = 7.8;
  glibc.cvss_vector = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H";
  glibc.vendor_severity = "medium";
  glibc.title = "Looney Tunables";
  glibc.sources = {"debian", "debian-dsa"};
  out.push_back(glibc);
  vulndb::Vulnerability unfixed = in("libc6");
  unfixed.id = "CVE-2019-1010022";
  unfixed.source_package = "glibc";
  unfixed.distro = "debian:12";
  unfixed.state = vulndb::FixState::kWillNotFix;
  unfixed.severity = "negligible";
  unfixed.severity_source = "vendor:debian";
  unfixed.vendor_severity = "negligible";
  unfixed.sources = {"debian"};
  out.push_back(unfixed);
  return out;
}

// SampleScanResult matched against a database.
inline report::ScanResult SampleScanResultWithVulnerabilities() {
  report::ScanResult result = SampleScanResult();
  report::DatabaseInfo database;
  database.path = "/var/lib/moat/db/moat.db";
  database.schema_version = 1;
  database.built_at = "2026-11-28T12:00:00Z";
  vulndb::ImportStats ghsa;
  ghsa.source = "ghsa";
  ghsa.records = 56;
  ghsa.newest = "2024-10-04T00:00:00Z";
  database.sources = {ghsa};
  result.database = database;
  result.vulnerabilities = SampleVulnerabilities(result);
  return result;
}

// A finding of each kind the detectors report: a secret in a file a later layer deleted, a
// malware sample, an image config risk and a build-history risk.
inline std::vector<detect::Finding> SampleFindings() {
  std::vector<detect::Finding> out;
  detect::Finding secret;
  secret.category = detect::Category::kSecret;
  secret.rule_id = "aws-access-key-id";
  secret.id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  secret.severity = "critical";
  secret.title = "AWS access key ID";
  secret.fix = "Rotate the key and pass it at runtime instead of baking it into the image";
  secret.source = "moat";
  secret.evidence.layer = 0;
  secret.evidence.layer_diff_id = "sha256:" + std::string(64, '1');
  secret.evidence.deleted_in_layer = 1;
  secret.evidence.path = "/opt/legacy/deploy.env";
  secret.evidence.line = 2;
  secret.evidence.excerpt = "AWS_ACCESS_KEY_ID=AKIA****************";
  out.push_back(secret);
  detect::Finding sample;
  sample.category = detect::Category::kMalware;
  sample.rule_id = "moat:EICAR_Test_File";
  sample.id = "1f1e2d3c4b5a69788796a5b4c3d2e1f0";
  sample.severity = "high";
  sample.title = "EICAR anti-virus test file";
  sample.fix = "Remove the file and rebuild the image from a trusted base";
  sample.source = "moat";
  sample.author = "Moat";
  sample.references = {"https://www.eicar.org/download-anti-malware-testfile/"};
  sample.evidence.layer = 1;
  sample.evidence.path = "/tmp/eicar.com";
  sample.evidence.sha256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
  out.push_back(sample);
  detect::Finding root;
  root.category = detect::Category::kConfig;
  root.rule_id = "MOAT-CFG-001";
  root.id = "2f1e2d3c4b5a69788796a5b4c3d2e1f0";
  root.severity = "medium";
  root.title = "The image runs as root";
  root.fix = "Add a USER instruction with a non-root user";
  root.source = "moat";
  out.push_back(root);
  detect::Finding history;
  history.category = detect::Category::kHistory;
  history.rule_id = "MOAT-HIST-001";
  history.id = "3f1e2d3c4b5a69788796a5b4c3d2e1f0";
  history.severity = "high";
  history.title = "A downloaded script is piped into a shell";
  history.fix = "Download, verify the checksum, then run";
  history.source = "moat";
  history.evidence.layer = 1;
  history.evidence.excerpt = "RUN curl -sSL https://example.com/install.sh | sh";
  out.push_back(history);
  return out;
}

// SampleScanResultWithVulnerabilities with every scanner run and SampleFindings.
inline report::ScanResult SampleScanResultWithFindings() {
  report::ScanResult result = SampleScanResultWithVulnerabilities();
  result.scanners = {"vuln", "secret", "sensitive", "malware", "config", "history"};
  result.findings = SampleFindings();
  return result;
}

}  // namespace moat::testing
