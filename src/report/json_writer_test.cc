#include "report/json_writer.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

// Checks a document against the subset of JSON Schema that docs/formats/scan-json.schema.json
// uses (type, const, enum, pattern, required, properties, additionalProperties, items, oneOf,
// local $ref), so the documented schema and the writer cannot drift apart.
class SchemaChecker {
 public:
  explicit SchemaChecker(const Json& root) : root_(root) {}

  std::vector<std::string> Check(const Json& value) {
    errors_.clear();
    Visit(root_, value, "");
    return errors_;
  }

 private:
  const Json& Resolve(const Json& schema) {
    std::string ref = JsonString(schema, "$ref");
    if (ref.rfind("#/$defs/", 0) != 0) return schema;
    return root_["$defs"][ref.substr(8)];
  }

  static bool HasType(const Json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    return false;
  }

  bool TypeMatches(const Json& schema, const Json& value) {
    const Json* type = JsonField(schema, "type");
    if (type == nullptr) return true;
    if (type->is_string()) return HasType(value, type->get<std::string>());
    for (const Json& t : *type) {
      if (HasType(value, t.get<std::string>())) return true;
    }
    return false;
  }

  void VisitObject(const Json& schema, const Json& value, const std::string& path) {
    for (const std::string& key : JsonStringArray(schema, "required")) {
      if (!value.contains(key)) errors_.push_back(path + ": missing " + key);
    }
    const Json* properties = JsonField(schema, "properties");
    const Json* additional = JsonField(schema, "additionalProperties");
    for (const auto& [key, item] : value.items()) {
      if (properties != nullptr && properties->contains(key)) {
        Visit((*properties)[key], item, path + "/" + key);
      } else if (additional != nullptr && additional->is_object()) {
        Visit(*additional, item, path + "/" + key);
      } else if (additional != nullptr && additional->is_boolean() && !additional->get<bool>()) {
        errors_.push_back(path + ": undocumented field " + key);
      }
    }
  }

  void Visit(const Json& raw_schema, const Json& value, const std::string& path) {
    const Json& schema = Resolve(raw_schema);
    if (const Json* one_of = JsonField(schema, "oneOf")) {
      int matches = 0;
      for (const Json& option : *one_of) {
        std::vector<std::string> saved = std::move(errors_);
        errors_.clear();
        Visit(option, value, path);
        if (errors_.empty()) ++matches;
        errors_ = std::move(saved);
      }
      if (matches != 1)
        errors_.push_back(path + ": matches " + std::to_string(matches) + " of oneOf");
      return;
    }
    if (!TypeMatches(schema, value)) {
      errors_.push_back(path + ": wrong type " + std::string(value.type_name()));
      return;
    }
    if (const Json* c = JsonField(schema, "const"); c != nullptr && *c != value) {
      errors_.push_back(path + ": not " + c->dump());
    }
    if (const Json* e = JsonField(schema, "enum");
        e != nullptr && std::find(e->begin(), e->end(), value) == e->end()) {
      errors_.push_back(path + ": " + value.dump() + " not in enum");
    }
    if (std::string pattern = JsonString(schema, "pattern");
        !pattern.empty() && value.is_string() &&
        !std::regex_search(value.get<std::string>(), std::regex(pattern))) {
      errors_.push_back(path + ": does not match " + pattern);
    }
    if (value.is_object()) VisitObject(schema, value, path);
    if (const Json* items = JsonField(schema, "items"); items != nullptr && value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Visit(*items, value[i], path + "/" + std::to_string(i));
      }
    }
  }

  const Json& root_;
  std::vector<std::string> errors_;
};

Json LoadSchema() {
  std::ifstream in(testing::SourceDir() + "/docs/formats/scan-json.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  auto schema = ParseJson(text.str(), "scan-json.schema.json");
  EXPECT_TRUE(schema.ok()) << schema.status();
  return schema.ok() ? *schema : Json::object();
}

Json Render(const ScanResult& result, RenderOptions options = {}) {
  std::string text = RenderJson(result, options);
  EXPECT_EQ(text.back(), '\n');
  auto doc = ParseJson(text, "report");
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : Json::object();
}

TEST(JsonWriterTest, SampleReportMatchesDocumentedSchema) {
  Json schema = LoadSchema();
  ASSERT_TRUE(schema.contains("$defs"));
  EXPECT_THAT(SchemaChecker(schema).Check(Render(testing::SampleScanResult())),
              ::testing::IsEmpty());
}

TEST(JsonWriterTest, SampleWithVulnerabilitiesMatchesDocumentedSchema) {
  EXPECT_THAT(
      SchemaChecker(LoadSchema()).Check(Render(testing::SampleScanResultWithVulnerabilities())),
      ::testing::IsEmpty());
}

TEST(JsonWriterTest, SampleWithFindingsMatchesDocumentedSchema) {
  EXPECT_THAT(SchemaChecker(LoadSchema()).Check(Render(testing::SampleScanResultWithFindings())),
              ::testing::IsEmpty());
}

TEST(JsonWriterTest, FindingsCarryEvidenceAndAreCountedPerCategory) {
  Json doc = Render(testing::SampleScanResultWithFindings());
  EXPECT_EQ(doc["scanners"], Json({"vuln", "secret", "sensitive", "malware", "config", "history"}));
  ASSERT_EQ(doc["findings"].size(), 4u);
  const Json& secret = doc["findings"][0];
  EXPECT_EQ(secret["category"], "secret");
  EXPECT_EQ(secret["ruleId"], "aws-access-key-id");
  EXPECT_EQ(secret["evidence"]["layer"], 0);
  EXPECT_EQ(secret["evidence"]["deletedInLayer"], 1);
  EXPECT_EQ(secret["evidence"]["line"], 2);
  EXPECT_EQ(secret["evidence"]["excerpt"], "AWS_ACCESS_KEY_ID=AKIA****************");
  const Json& config = doc["findings"][2];
  EXPECT_TRUE(config["evidence"]["layer"].is_null());
  EXPECT_TRUE(config["evidence"]["line"].is_null());
  EXPECT_TRUE(config["evidence"]["deletedInLayer"].is_null());
  const Json& counts = doc["summary"]["findings"];
  EXPECT_EQ(counts["secret"]["critical"], 1);
  EXPECT_EQ(counts["history"]["high"], 1);
  EXPECT_FALSE(counts.contains("sensitive-file"));
}

TEST(JsonWriterTest, VulnerabilitiesCarryEveryFieldAndTheDatabase) {
  Json doc = Render(testing::SampleScanResultWithVulnerabilities());
  EXPECT_EQ(doc["database"]["path"], "/var/lib/moat/db/moat.db");
  EXPECT_EQ(doc["database"]["builtAt"], "2026-11-28T12:00:00Z");
  EXPECT_EQ(doc["database"]["sources"][0]["source"], "ghsa");
  EXPECT_EQ(doc["database"]["sources"][0]["records"], 56);
  EXPECT_EQ(doc["summary"]["vulnerabilities"]["critical"], 1);
  EXPECT_EQ(doc["summary"]["vulnerabilities"]["medium"], 2);
  EXPECT_EQ(doc["summary"]["vulnerabilities"]["unknown"], 0);
  ASSERT_EQ(doc["vulnerabilities"].size(), 5u);
  const Json& log4j = doc["vulnerabilities"][0];
  EXPECT_EQ(log4j["id"], "CVE-2021-44228");
  EXPECT_EQ(log4j["aliases"], Json({"GHSA-jfh8-c2jp-5v3q"}));
  EXPECT_EQ(log4j["package"], "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(log4j["foundInArchive"], "BOOT-INF/lib/log4j-core-2.19.0.jar");
  EXPECT_EQ(log4j["state"], "fixed");
  EXPECT_EQ(log4j["fixedVersions"], Json({"2.3.1", "2.12.2", "2.15.0"}));
  EXPECT_EQ(log4j["cvssScore"], 10.0);
  EXPECT_EQ(log4j["severitySource"], "cvss:3.1");
  const Json& unfixed = doc["vulnerabilities"][4];
  EXPECT_EQ(unfixed["state"], "will-not-fix");
  EXPECT_TRUE(unfixed["cvssScore"].is_null());
  EXPECT_EQ(unfixed["sourcePackage"], "glibc");
  EXPECT_EQ(unfixed["distro"], "debian:12");
}

TEST(JsonWriterTest, UncheckedScanHasNullDatabaseAndNoVulnerabilities) {
  Json doc = Render(testing::SampleScanResult());
  EXPECT_TRUE(doc["database"].is_null());
  EXPECT_EQ(doc["vulnerabilities"], Json::array());
}

TEST(JsonWriterTest, EmptyResultMatchesDocumentedSchema) {
  Json doc = Render(ScanResult{});
  EXPECT_THAT(SchemaChecker(LoadSchema()).Check(doc), ::testing::IsEmpty());
  EXPECT_TRUE(doc["os"].is_null());
  EXPECT_EQ(doc["scanner"]["version"], "0.1.0");  // falls back to this build's version
}

TEST(JsonWriterTest, SchemaCheckerRejectsUndocumentedAndMistypedFields) {
  Json doc = Render(testing::SampleScanResult());
  doc["packages"][0]["surprise"] = 1;
  doc["executables"][0]["mode"] = 493;
  doc.erase("warnings");
  EXPECT_THAT(SchemaChecker(LoadSchema()).Check(doc),
              ::testing::UnorderedElementsAre(": missing warnings",
                                              "/packages/0: undocumented field surprise",
                                              "/executables/0/mode: wrong type number"));
}

TEST(JsonWriterTest, WritesSchemaVersionFirstAndTopLevelInOrder) {
  std::string text = RenderJson(testing::SampleScanResult(), {});
  EXPECT_EQ(text.rfind("{\n  \"schemaVersion\": 1,\n  \"scanner\": {", 0), 0u);
  size_t last = 0;
  for (const char* key :
       {"\"scanner\"", "\"scannedAt\"", "\"image\"", "\"os\"", "\"database\"", "\"summary\"",
        "\"packages\"", "\"vulnerabilities\"", "\"executables\"", "\"warnings\""}) {
    size_t at = text.find(key);
    EXPECT_GT(at, last) << key;
    last = at;
  }
}

TEST(JsonWriterTest, PackagesCarryEveryField) {
  Json doc = Render(testing::SampleScanResult());
  const Json& bsdutils = doc["packages"][1];
  EXPECT_EQ(bsdutils["name"], "bsdutils");
  EXPECT_EQ(bsdutils["version"], "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils["epoch"], 1);
  EXPECT_EQ(bsdutils["sourceName"], "util-linux");
  EXPECT_EQ(bsdutils["purl"],
            "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12.15&epoch=1");
  EXPECT_EQ(bsdutils["layer"], 0);
  EXPECT_EQ(bsdutils["layerDiffId"], testing::SampleImage().layers[0].diff_id);
  EXPECT_EQ(bsdutils["files"], Json({"/usr/bin/logger", "/usr/bin/renice", "/usr/bin/script"}));
  const Json& log4j = doc["packages"][6];
  EXPECT_EQ(log4j["foundIn"], "/opt/app/lib/app.jar");
  EXPECT_EQ(log4j["foundInArchive"], "BOOT-INF/lib/log4j-core-2.19.0.jar");
  const Json& jest = doc["packages"][5];
  EXPECT_EQ(jest["origin"], "lockfile");
  EXPECT_EQ(jest["dev"], true);
  EXPECT_EQ(doc["summary"]["packages"]["deb"], 3);
  EXPECT_EQ(doc["summary"]["packages"]["npm"], 3);
}

TEST(JsonWriterTest, IncludeFilesFalseOmitsOwnedFiles) {
  Json doc = Render(testing::SampleScanResult(), RenderOptions{.include_files = false});
  for (const Json& p : doc["packages"]) EXPECT_FALSE(p.contains("files")) << p["name"];
  EXPECT_THAT(SchemaChecker(LoadSchema()).Check(doc), ::testing::IsEmpty());
}

TEST(JsonWriterTest, ExecutableModeIsOctalAndUnknownValuesAreNull) {
  Json doc = Render(testing::SampleScanResult());
  EXPECT_EQ(doc["executables"][0]["mode"], "0755");
  EXPECT_EQ(doc["executables"][1]["mode"], "4755");
  EXPECT_EQ(doc["executables"][2]["layer"], 2);
  EXPECT_TRUE(doc["image"]["layers"][2]["size"].is_null());
  EXPECT_EQ(doc["image"]["layers"][0]["size"], 31457280);
  ScanResult result;
  result.inventory.packages.push_back(inventory::Package{});
  EXPECT_TRUE(Render(result)["packages"][0]["layer"].is_null());
}

TEST(JsonWriterTest, InvalidUtf8FromTheImageIsReplaced) {
  ScanResult result;
  inventory::Package p;
  p.name = "bad\xff\xfename";
  result.inventory.packages.push_back(p);
  Json doc = Render(result);
  EXPECT_EQ(doc["packages"][0]["name"], "bad\xef\xbf\xbd\xef\xbf\xbdname");
}

}  // namespace
}  // namespace moat::report
