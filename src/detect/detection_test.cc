// The detection seam: file detectors run per layer on the same read as the inventory, a file a
// later layer deletes is still scanned and its findings say which layer deleted it, image
// detectors run once, and findings come out completed (diff IDs, stable ids) and sorted.
#include "detect/detection.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/open_image.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "testing/image_builder.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

using moat::testing::File;
using moat::testing::LayerSpec;

// Reports every line holding "TOKEN=" in files under /opt.
class FakeTokenDetector : public FileDetector {
 public:
  absl::string_view name() const override { return "fake-token"; }
  bool Wants(const image::FileRecord& file) const override {
    return absl::StartsWith(file.path, "/opt/");
  }
  void Scan(const FileScanInput& input, std::vector<Finding>* out) const override {
    int line = 0;
    for (absl::string_view text : absl::StrSplit(input.data, '\n')) {
      ++line;
      if (!absl::StrContains(text, "TOKEN=")) continue;
      Finding f;
      f.category = Category::kSecret;
      f.rule_id = "fake-token";
      f.severity = absl::StrContains(text, "abc") ? "high" : "low";
      f.title = "token";
      f.evidence.line = line;
      f.evidence.excerpt = "TOKEN=****";
      out->push_back(std::move(f));
    }
  }
};

// One config finding when the image has no USER.
class FakeRootDetector : public ImageDetector {
 public:
  absl::string_view name() const override { return "fake-root"; }
  void Scan(const ImageScanInput& input, std::vector<Finding>* out) const override {
    if (!input.image.config.user.empty()) return;
    Finding f;
    f.category = Category::kConfig;
    f.rule_id = "no-user";
    f.severity = "medium";
    out->push_back(std::move(f));
  }
};

TEST(DetectionTest, FindsPerLayerMarksDeletionsAndRunsImageDetectorsOnce) {
  moat::testing::ImageSpec spec;
  LayerSpec l1;
  l1.entries = {File("opt/app.env", "TOKEN=abc\nx\nTOKEN=def\n"), File("etc/hostname", "TOKEN=no")};
  LayerSpec l2;
  l2.entries = {File("opt/.wh.app.env", ""), File("opt/other.env", "TOKEN=kept\n")};
  spec.layers = {l1, l2};
  std::string dir = moat::testing::MakeTempDir("detection");
  ASSERT_TRUE(moat::testing::WriteDockerArchive(dir + "/img.tar", {spec}).ok());

  platform::PosixFileSystem fs;
  auto resolved = image::ResolveTarget(&fs, dir + "/img.tar", image::InputType::kAuto);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  auto source = image::OpenLocalImage(&fs, *resolved, image::Platform{"linux", "amd64", ""}, {});
  ASSERT_TRUE(source.ok()) << source.status();

  Detectors detectors;
  detectors.file.push_back(std::make_unique<FakeTokenDetector>());
  detectors.image.push_back(std::make_unique<FakeRootDetector>());
  DetectionFactory factory(detectors.file, (*source)->info().layers.size());
  auto catalogers = inventory::AllCatalogers();
  auto result = inventory::BuildInventory(**source, catalogers, {}, &factory);
  ASSERT_TRUE(result.ok()) << result.status();

  const image::ImageInfo& info = (*source)->info();
  std::vector<Finding> findings =
      FinishFindings(factory.TakeAll(), detectors.image, ImageScanInput{info, result->files.get()});
  ASSERT_EQ(findings.size(), 4u);
  // Worst first: the high one, then medium (config), then the two low ones by path.
  EXPECT_EQ(findings[0].evidence.path, "/opt/app.env");
  EXPECT_EQ(findings[0].evidence.line, 1);
  EXPECT_EQ(findings[0].evidence.layer, 0);
  EXPECT_EQ(findings[0].evidence.deleted_in_layer, 1);
  EXPECT_EQ(findings[0].evidence.layer_diff_id, info.layers[0].diff_id);
  EXPECT_EQ(findings[1].rule_id, "no-user");
  EXPECT_EQ(findings[1].evidence.layer, -1);
  EXPECT_EQ(findings[2].evidence.path, "/opt/app.env");
  EXPECT_EQ(findings[2].evidence.line, 3);
  EXPECT_EQ(findings[3].evidence.path, "/opt/other.env");
  EXPECT_EQ(findings[3].evidence.layer, 1);
  EXPECT_EQ(findings[3].evidence.deleted_in_layer, -1);
  // Stable, distinct ids.
  EXPECT_EQ(findings[0].id, FindingFingerprint(findings[0]));
  EXPECT_EQ(findings[0].id.size(), 32u);
  EXPECT_NE(findings[0].id, findings[2].id);
  // The inventory still saw its files on the same read.
  EXPECT_FALSE(result->files->layers.empty());
}

TEST(FindingTest, CategoryNamesRoundTrip) {
  for (Category c : {Category::kSecret, Category::kSensitiveFile, Category::kMalware,
                     Category::kWebshell, Category::kConfig, Category::kHistory}) {
    Category parsed;
    ASSERT_TRUE(ParseCategory(CategoryName(c), &parsed)) << CategoryName(c);
    EXPECT_EQ(parsed, c);
  }
  Category parsed;
  EXPECT_FALSE(ParseCategory("vulnerability", &parsed));
}

}  // namespace
}  // namespace moat::detect
