// Acceptance: (a) on Trivy's secret scanner test inputs Moat finds every secret Trivy's own
// tests expect (rule ids mapped, same file and line), with each exception listed and explained;
// (b) the credentials planted in layer 1 of the demo image and deleted by layer 2 are found and
// marked deleted_in_layer == 1.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "detect/detection.h"
#include "detect/secret_config.h"
#include "detect/secret_detector.h"
#include "detect/sensitive_file_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/open_image.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "platform/file_system.h"
#include "testing/image_builder.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

// Trivy's rule id -> Moat's. Ids not listed are the same in both (Moat kept the names users
// already put in disable-rules lists); config rules ("rule1", ...) keep their ids.
const std::map<std::string, std::string>& RuleIdMap() {
  static const auto* map = new std::map<std::string, std::string>{};
  return *map;
}

// Expectations Moat does not check, by case name, with the reason (docs/design/secrets.md).
const std::map<std::string, std::string>& NotChecked() {
  static const auto* map = new std::map<std::string, std::string>{
      {"long obfuscated js code with secrets",
       "input testdata/obfuscated.js is not in the shared data"},
  };
  return *map;
}

// Trivy's scanner tests of its chunked reader (inline Go strings, not extracted) and of its
// skip-patterns option: no input file to scan. Moat scans each file's whole content at once.
bool InlineOnly(const Json& c) { return JsonString(c, "inputFilePath").empty(); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Finding> ScanFile(const FileDetector& detector, const std::string& path,
                              const std::string& data) {
  image::FileRecord file;
  file.path = path;
  file.size = static_cast<int64_t>(data.size());
  std::vector<Finding> out;
  if (detector.Wants(file)) detector.Scan(FileScanInput{0, file, data}, &out);
  return out;
}

TEST(SecretAcceptanceTest, FindsEverySecretTrivysScannerTestsExpect) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "secrets/trivy");
  auto expectations = ParseJson(ReadFile(dir + "/scanner_test_expectations.json"), "expectations");
  ASSERT_TRUE(expectations.ok()) << expectations.status();
  const Json* cases = JsonField(*expectations, "cases");
  ASSERT_TRUE(cases != nullptr && cases->is_array());
  platform::PosixFileSystem fs;
  int expected = 0, met = 0, not_checked = 0, inline_only = 0;
  std::map<std::string, std::unique_ptr<FileDetector>> detectors;  // by config path
  for (const Json& c : *cases) {
    const std::string name = JsonString(c, "name");
    const Json* findings = JsonField(c, "findings");
    const int count = findings != nullptr && findings->is_array() ? findings->size() : 0;
    if (InlineOnly(c)) {
      inline_only += count;
      continue;
    }
    if (NotChecked().count(name)) {
      not_checked += count;
      continue;
    }
    const std::string cfg = JsonString(c, "configPath");
    std::unique_ptr<FileDetector>& detector = detectors[cfg];
    if (detector == nullptr) {
      SecretConfig config;
      if (!cfg.empty()) {
        auto loaded = LoadSecretConfig(&fs, dir + "/" + cfg);
        ASSERT_TRUE(loaded.ok()) << name << ": " << loaded.status();
        config = *loaded;
      }
      auto made = NewSecretDetector(config);
      ASSERT_TRUE(made.ok()) << name << ": " << made.status();
      detector = std::move(*made);
    }
    const std::string input = JsonString(c, "inputFilePath");
    std::vector<Finding> got = ScanFile(*detector, "/" + input, ReadFile(dir + "/" + input));
    std::set<std::pair<std::string, int>> found;
    for (const Finding& f : got) found.emplace(f.rule_id, f.evidence.line);
    for (const Json& want : *findings) {
      std::string rule = JsonString(want, "RuleID");
      if (auto it = RuleIdMap().find(rule); it != RuleIdMap().end()) rule = it->second;
      const int line = static_cast<int>(JsonInt(want, "StartLine").value_or(0));
      ++expected;
      if (found.count({rule, line})) {
        ++met;
      } else {
        ADD_FAILURE() << name << ": " << input << ":" << line << " " << rule << " not found";
      }
    }
    if (count == 0) {
      // Trivy expects nothing here: neither should Moat (no false positive on these inputs).
      for (const Finding& f : got) {
        ADD_FAILURE() << name << ": unexpected " << f.rule_id << " at " << input << ":"
                      << f.evidence.line << ": " << f.evidence.excerpt;
      }
    }
  }
  std::cout << "Trivy expectations: " << expected << " checked, " << met << " met; " << not_checked
            << " not checked (input missing), " << inline_only
            << " of inline-input chunking cases\n";
  EXPECT_EQ(met, expected);
  EXPECT_GE(expected, 60);
}

TEST(SecretAcceptanceTest, DemoImageCredentialsDeletedInLayer2AreFound) {
  auto demo = moat::testing::ImageFromLayerDirs(moat::testing::FixturePath("demo"));
  ASSERT_TRUE(demo.ok()) << demo.status();
  const std::string dir = moat::testing::MakeTempDir("secret-demo");
  ASSERT_TRUE(moat::testing::WriteDockerArchive(dir + "/demo.tar", {*demo}).ok());
  platform::PosixFileSystem fs;
  auto resolved = image::ResolveTarget(&fs, dir + "/demo.tar", image::InputType::kAuto);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  auto source = image::OpenLocalImage(&fs, *resolved, image::Platform{"linux", "amd64", ""}, {});
  ASSERT_TRUE(source.ok()) << source.status();

  Detectors detectors;
  auto secrets = NewSecretDetector(SecretConfig{});
  ASSERT_TRUE(secrets.ok()) << secrets.status();
  detectors.file.push_back(std::move(*secrets));
  detectors.file.push_back(NewSensitiveFileDetector());
  DetectionFactory factory(detectors.file, (*source)->info().layers.size());
  auto result = inventory::BuildInventory(**source, inventory::AllCatalogers(), {}, &factory);
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<Finding> findings = FinishFindings(
      factory.TakeAll(), detectors.image, ImageScanInput{(*source)->info(), result->files.get()});

  const Finding* key = nullptr;
  const Finding* env = nullptr;
  for (const Finding& f : findings) {
    if (f.evidence.path != "/opt/legacy/deploy.env") continue;
    if (f.rule_id == "aws-access-key-id") key = &f;
    if (f.rule_id == "dotenv-file") env = &f;
  }
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->category, Category::kSecret);
  EXPECT_EQ(key->evidence.layer, 0);  // layer1 of the fixture is the image's first layer
  EXPECT_EQ(key->evidence.deleted_in_layer, 1);
  EXPECT_EQ(key->evidence.line, 2);
  EXPECT_EQ(key->evidence.excerpt, "AWS_ACCESS_KEY_ID=AKIA****************");
  EXPECT_FALSE(absl::StrContains(key->evidence.excerpt, "Q4XZ7RMB2WEDTNPK"));
  EXPECT_EQ(key->evidence.layer_diff_id, (*source)->info().layers[0].diff_id);
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(env->category, Category::kSensitiveFile);
  EXPECT_EQ(env->evidence.deleted_in_layer, 1);
}

}  // namespace
}  // namespace moat::detect
