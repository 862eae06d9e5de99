#include "report/json_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/purl.h"
#include "report/cyclonedx_writer.h"
#include "report/json_reader_fields.h"
#include "report/json_writer.h"
#include "report/render.h"
#include "report/sarif_writer.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A webshell and a sensitive file, the two categories SampleFindings does not have.
std::vector<detect::Finding> MoreFindings() {
  detect::Finding shell =
      detect::MoatFinding(detect::Category::kWebshell, "signature-base:WEBSHELL_PHP_Generic",
                          "critical", "PHP web shell", "Remove the file");
  shell.source = "yara:signature-base/webshells.yar";
  shell.author = "Florian Roth";
  shell.description = "A generic PHP web shell";
  shell.evidence.layer = 2;
  shell.evidence.path = "/var/www/html/up.php";
  shell.evidence.excerpt = "$x = eval($_POST['c']);";
  shell.evidence.sha256 = std::string(64, 'd');
  detect::Finding key = detect::MoatFinding(detect::Category::kSensitiveFile, "MOAT-SF-001", "high",
                                            "SSH private key", "Do not ship keys");
  key.evidence.layer = 0;
  key.evidence.deleted_in_layer = 2;
  key.evidence.path = "/root/.ssh/id_rsa";
  std::vector<detect::Finding> out = {shell, key};
  for (auto& f : out) f.id = detect::FindingFingerprint(f);
  return out;
}

// Packages of every ecosystem and origin the sample lacks, and vulnerabilities in every state.
void AddEveryKind(ScanResult& result) {
  using inventory::Ecosystem;
  auto add = [&](Ecosystem ecosystem, const std::string& name, inventory::PackageOrigin origin) {
    auto p = testing::SamplePackage(ecosystem, name, "1.0.0", 1, "/srv/" + name);
    p.origin = origin;
    p.purl = inventory::MakePurl(p, result.inventory.os);
    p.layer_diff_id = result.image.layers[1].diff_id;
    result.inventory.packages.push_back(p);
  };
  add(Ecosystem::kApk, "musl", inventory::PackageOrigin::kInstalled);
  add(Ecosystem::kRpm, "bash", inventory::PackageOrigin::kInstalled);
  add(Ecosystem::kCargo, "serde", inventory::PackageOrigin::kLockfile);
  add(Ecosystem::kComposer, "monolog/monolog", inventory::PackageOrigin::kManifest);
  add(Ecosystem::kNuget, "Newtonsoft.Json", inventory::PackageOrigin::kBinary);
  for (vulndb::FixState state :
       {vulndb::FixState::kUnfixed, vulndb::FixState::kEndOfLife, vulndb::FixState::kNotAffected}) {
    vulndb::Vulnerability v = result.vulnerabilities.back();
    v.id = absl::StrCat("CVE-2024-", 1000 + static_cast<int>(state));
    v.state = state;
    v.severity = "unknown";
    result.vulnerabilities.push_back(v);
  }
}

// Everything a report can hold: OS, packages of all ecosystems and origins with files, layers
// with createdBy and an unknown size, vulnerabilities with and without fixes in every state,
// findings of every category, executables (setuid) and warnings.
ScanResult RichResult() {
  ScanResult result = testing::SampleScanResultWithFindings();
  for (auto& f : MoreFindings()) result.findings.push_back(f);
  result.image.config.entrypoint = {"/usr/bin/tini", "--"};
  result.image.config.stop_signal = "SIGTERM";
  result.image.history[1].author = "ci";
  result.image.history[1].comment = "buildkit.dockerfile.v0";
  result.image.platform.variant = "v8";
  result.inventory.os->distroless = true;
  AddEveryKind(result);
  return result;
}

ScanResult ReadBack(const std::string& text) {
  absl::StatusOr<ScanResult> read = ReadJsonReport(text, "stored report");
  EXPECT_TRUE(read.ok()) << read.status();
  return read.ok() ? *read : ScanResult{};
}

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<ScanResult> read = ReadJsonReport(text, "stored report");
  return read.ok() ? "ok" : std::string(read.status().message());
}

TEST(JsonReaderTest, RichReportRoundTripsByteForByte) {
  const ScanResult original = RichResult();
  const std::string json = RenderJson(original, RenderOptions{});
  ScanResult read = ReadBack(json);
  EXPECT_EQ(RenderJson(read, RenderOptions{}), json);
  EXPECT_EQ(read.findings.size(), 6u);
  EXPECT_EQ(read.vulnerabilities.size(), 8u);
  EXPECT_EQ(read.inventory.packages.size(), 16u);
  EXPECT_EQ(read.image.layers[0].created_by, "debootstrap --variant=minbase bookworm");
  EXPECT_EQ(read.image.layers[2].size, -1);
  EXPECT_EQ(read.inventory.executables[1].mode, 04755u);
  EXPECT_EQ(read.vulnerabilities[0].cvss_score, 10.0);
  EXPECT_EQ(read.findings[0].evidence.deleted_in_layer, 1);
}

TEST(JsonReaderTest, ReportWithoutFilesRoundTrips) {
  RenderOptions no_files;
  no_files.include_files = false;
  const std::string json = RenderJson(RichResult(), no_files);
  EXPECT_EQ(RenderJson(ReadBack(json), no_files), json);
}

TEST(JsonReaderTest, EveryFormatRendersTheSameFromTheReadBackResult) {
  const ScanResult original = RichResult();
  const ScanResult read = ReadBack(RenderJson(original, RenderOptions{}));
  EXPECT_EQ(RenderSarif(read, RenderOptions{}), RenderSarif(original, RenderOptions{}));
  EXPECT_EQ(RenderCycloneDx(read, RenderOptions{}), RenderCycloneDx(original, RenderOptions{}));
  for (const std::string& format : ReportFormats()) {
    EXPECT_EQ(*RenderReport(read, format), *RenderReport(original, format)) << format;
  }
}

TEST(JsonReaderTest, ScanWithoutDatabaseOsOrFindingsRoundTrips) {
  for (const ScanResult& original : {testing::SampleScanResult(), ScanResult{}}) {
    const std::string json = RenderJson(original, RenderOptions{});
    const ScanResult read = ReadBack(json);
    EXPECT_EQ(RenderJson(read, RenderOptions{}), json);
    EXPECT_FALSE(read.database.has_value());
    EXPECT_EQ(read.inventory.os.has_value(), original.inventory.os.has_value());
  }
}

TEST(JsonReaderTest, MissingOptionalFieldsReadAsEmptyAndUnknownFieldsAreIgnored) {
  ScanResult read = ReadBack(R"({"schemaVersion": 1, "image": {"digest": "sha256:ab"},
      "futureField": {"x": [1, 2]},
      "packages": [{"ecosystem": "npm", "name": "lodash", "version": "4.17.20"}],
      "vulnerabilities": [{"id": "CVE-2021-23337", "package": "lodash", "cvssScore": null}],
      "findings": [{"category": "secret", "ruleId": "aws-access-key-id"}]})");
  EXPECT_EQ(read.image.digest, "sha256:ab");
  EXPECT_FALSE(read.inventory.os.has_value());
  EXPECT_FALSE(read.database.has_value());
  ASSERT_EQ(read.inventory.packages.size(), 1u);
  EXPECT_EQ(read.inventory.packages[0].layer, -1);
  EXPECT_EQ(read.inventory.packages[0].origin, inventory::PackageOrigin::kInstalled);
  ASSERT_EQ(read.vulnerabilities.size(), 1u);
  EXPECT_EQ(read.vulnerabilities[0].state, vulndb::FixState::kFixed);
  ASSERT_EQ(read.findings.size(), 1u);
  EXPECT_EQ(read.findings[0].category, detect::Category::kSecret);
  EXPECT_EQ(read.findings[0].evidence.layer, -1);
  EXPECT_EQ(read.findings[0].evidence.line, 0);
}

TEST(JsonReaderTest, DocumentLevelErrorsNameTheProblem) {
  EXPECT_THAT(ErrorOf("{not json"), StartsWith("stored report: invalid JSON at byte 3: "));
  EXPECT_EQ(ErrorOf("[]"), "stored report: not a JSON object");
  EXPECT_EQ(ErrorOf("{}"), "stored report: schemaVersion: missing");
  EXPECT_EQ(ErrorOf(R"({"schemaVersion": "1"})"), "stored report: schemaVersion: not an integer");
  EXPECT_EQ(ErrorOf(R"({"schemaVersion": 2, "image": {}})"),
            "stored report: schemaVersion: 2 is not supported (Moat reads schemaVersion 1)");
  EXPECT_EQ(ErrorOf(R"({"schemaVersion": 1})"), "stored report: image: missing");
  EXPECT_EQ(ErrorOf(R"({"schemaVersion": 1, "image": []})"), "stored report: image: not an object");
}

struct FieldError {
  const char* pointer;  // JSON pointer of the field to change in the rendered rich report
  Json value;           // the new value; discarded: the field is removed
  const char* message;
};

TEST(JsonReaderTest, FieldErrorsNameTheFieldPath) {
  const std::string json = RenderJson(RichResult(), RenderOptions{});
  const Json removed(Json::value_t::discarded);
  const std::vector<FieldError> cases = {
      {"/vulnerabilities/3/package", 7, "vulnerabilities[3].package: not a string"},
      {"/vulnerabilities/0/id", removed, "vulnerabilities[0].id: missing"},
      {"/vulnerabilities/0/state", "maybe", "vulnerabilities[0].state: unknown value \"maybe\""},
      {"/vulnerabilities/1/cvssScore", "7.5", "vulnerabilities[1].cvssScore: not a number or null"},
      {"/vulnerabilities", Json::object(), "vulnerabilities: not an array"},
      {"/packages/0/ecosystem", "swift", "packages[0].ecosystem: unknown value \"swift\""},
      {"/packages/2/version", removed, "packages[2].version: missing"},
      {"/packages/1/licenses/1", 5, "packages[1].licenses[1]: not a string"},
      {"/packages/0/layer", int64_t{4294967296},
       "packages[0].layer: out of range [-2147483648, 2147483647]"},
      {"/packages/4/origin", "vendored", "packages[4].origin: unknown value \"vendored\""},
      {"/packages/5/dev", "yes", "packages[5].dev: not a boolean"},
      {"/packages/6", "lodash", "packages[6]: not an object"},
      {"/image/layers/2/size", "big", "image.layers[2].size: not an integer or null"},
      {"/image/config/labels/org.opencontainers.image.title", 1,
       "image.config.labels.org.opencontainers.image.title: not a string"},
      {"/image/history/0/emptyLayer", 0, "image.history[0].emptyLayer: not a boolean"},
      {"/image/platform", "linux/amd64", "image.platform: not an object"},
      {"/os", "debian", "os: not an object"},
      {"/database/sources/0/records", "56", "database.sources[0].records: not an integer"},
      {"/findings/2/category", "virus", "findings[2].category: unknown value \"virus\""},
      {"/findings/0/ruleId", removed, "findings[0].ruleId: missing"},
      {"/findings/0/evidence/line", 1.5, "findings[0].evidence.line: not an integer or null"},
      {"/findings/1/evidence", Json(nullptr), "findings[1].evidence: not an object"},
      {"/executables/1/mode", "rwx", "executables[1].mode: not an octal mode like \"0755\""},
      {"/executables/0/mode", "777777", "executables[0].mode: not an octal mode like \"0755\""},
      {"/executables/2/size", -1.0, "executables[2].size: not an integer"},
      {"/warnings/0", Json::array(), "warnings[0]: not a string"},
      {"/scanners", "vuln", "scanners: not an array"},
  };
  for (const FieldError& c : cases) {
    Json doc = *ParseJson(json, "rendered");
    Json::json_pointer pointer(c.pointer);
    if (c.value.is_discarded()) {
      doc[pointer.parent_pointer()].erase(pointer.back());
    } else {
      doc[pointer] = c.value;
    }
    EXPECT_EQ(ErrorOf(doc.dump()), absl::StrCat("stored report: ", c.message)) << c.pointer;
  }
}

TEST(JsonReaderTest, ArraysOfMoreThanAMillionEntriesAreRefused) {
  std::string text = R"({"schemaVersion": 1, "image": {}, "warnings": [)";
  for (size_t i = 0; i <= JsonFields::kMaxEntries; ++i) text += i == 0 ? "\"\"" : ",\"\"";
  text += "]}";
  EXPECT_EQ(ErrorOf(text), "stored report: warnings: more than 1000000 entries");
}

TEST(JsonReaderTest, DeeplyNestedUnknownFieldsDoNotCrash) {
  std::string text = R"({"schemaVersion": 1, "image": {}, "deep": )";
  text += std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_EQ(ErrorOf(text), "ok");
  std::string deep_image = R"({"schemaVersion": 1, "image": )" + std::string(100000, '[') +
                           std::string(100000, ']') + "}";
  EXPECT_EQ(ErrorOf(deep_image), "stored report: image: not an object");
}

TEST(JsonReaderTest, ReportsWrittenBeforeFindingsExistedStillRead) {
  // A 1.x report from before findings, scanners and layers[].createdBy were added.
  Json doc = *ParseJson(RenderJson(testing::SampleScanResultWithVulnerabilities(), {}), "json");
  doc.erase("findings");
  doc.erase("scanners");
  for (Json& layer : doc["image"]["layers"]) layer.erase("createdBy");
  ScanResult read = ReadBack(doc.dump());
  EXPECT_TRUE(read.findings.empty());
  EXPECT_TRUE(read.scanners.empty());
  EXPECT_EQ(read.vulnerabilities.size(), 5u);
  EXPECT_EQ(read.image.layers.size(), 3u);
  EXPECT_THAT(RenderSarif(read, RenderOptions{}), HasSubstr("CVE-2021-44228"));
}

}  // namespace
}  // namespace moat::report
