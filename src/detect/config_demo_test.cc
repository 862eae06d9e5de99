// Acceptance: the config and history findings of the demo images, listed exactly — the realistic
// demo-app image built by ../shared/tools/build-test-images.sh (skipped when absent) and the
// project's own demo fixture with realistic build commands.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "detect/config_detector.h"
#include "detect/detection.h"
#include "detect/history_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/image_reader.h"
#include "image/open_image.h"
#include "testing/image_builder.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;

constexpr char kDemoApp[] = "/var/tmp/moat-testenv/images/demo-app.docker.tar";

// "severity rule layer path excerpt" of the config and history findings, FinishFindings order.
absl::StatusOr<std::vector<std::string>> ScanImage(const std::string& path) {
  platform::PosixFileSystem fs;
  auto resolved = image::ResolveTarget(&fs, path, image::InputType::kAuto);
  if (!resolved.ok()) return resolved.status();
  auto source = image::OpenLocalImage(&fs, *resolved, image::Platform{"linux", "amd64", ""}, {});
  if (!source.ok()) return source.status();
  auto files = image::ReadImageFiles(**source, nullptr, image::ReadOptions{});
  if (!files.ok()) return files.status();
  std::vector<std::unique_ptr<ImageDetector>> detectors;
  detectors.push_back(NewConfigDetector());
  detectors.push_back(NewHistoryDetector());
  std::vector<Finding> findings =
      FinishFindings({}, detectors, ImageScanInput{(*source)->info(), files->get()});
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(absl::StrCat(f.severity, " ", f.rule_id, " ", f.evidence.layer, " ",
                               f.evidence.path, " ", f.evidence.excerpt));
  }
  return out;
}

TEST(ConfigDemoTest, SharedDemoAppImage) {
  if (!std::filesystem::exists(kDemoApp)) {
    GTEST_SKIP() << kDemoApp << " is absent (built by ../shared/tools/build-test-images.sh)";
  }
  auto found = ScanImage(kDemoApp);
  ASSERT_TRUE(found.ok()) << found.status();
  // Layer 0 (debootstrap) has the distribution's setuid programs: not reported by default.
  // Layer 2 is a "#(nop) COPY ..." entry: no shell ran, so its text is no command. Excerpts
  // stop at 200 characters.
  EXPECT_THAT(
      *found,
      ElementsAre("high MOAT-CFG-001 -1  USER not set", "low MOAT-CFG-006 -1  HEALTHCHECK not set",
                  "low MOAT-HIST-005 1  apt-get install -y python3-requests python3-packaging "
                  "python3-yaml python3-jinja2 libcommons-lang3-java libcommons-text-java "
                  "libjackson2-databind-java liblog4j2-java ruby-rack ruby-nokogiri fzf "
                  "ca-cer..."));
}

TEST(ConfigDemoTest, OwnDemoFixtureWithRealisticBuildCommands) {
  auto spec = moat::testing::ImageFromLayerDirs(moat::testing::FixturePath("demo"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_EQ(spec->layers.size(), 3u);
  spec->layers[0].created_by = "/bin/sh -c #(nop) ADD file:4b1be3a8d3b0c7e2 in / ";
  spec->layers[1].created_by =
      "|1 APT_PROXY_PASSWORD=pr0xyPass /bin/sh -c apt-get update && apt-get install -y "
      "--no-install-recommends libssl3=3.0.11-1~deb12u2 && rm -rf /var/lib/apt/lists/*";
  spec->layers[2].created_by =
      "RUN /bin/sh -c curl -fsSL http://get.example.com/setup.sh | bash && chmod -R 777 /app "
      "&& npm install -g pm2 # buildkit";
  spec->env.push_back("DB_PASSWORD=hunter2");
  spec->labels = {{"org.opencontainers.image.title", "demo"}};
  const std::string dir = moat::testing::MakeTempDir("config-demo");
  ASSERT_TRUE(moat::testing::WriteDockerArchive(dir + "/demo.tar", {*spec}).ok());
  auto found = ScanImage(dir + "/demo.tar");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found,
              ElementsAre("high MOAT-CFG-001 -1  USER not set",
                          "high MOAT-CFG-002 -1  ENV DB_PASSWORD=****",
                          "high MOAT-HIST-001 2  curl -fsSL http://get.example.com/setup.sh | bash",
                          "high MOAT-HIST-006 1  APT_PROXY_PASSWORD=****",
                          "medium MOAT-HIST-002 2  curl -fsSL http://get.example.com/setup.sh",
                          "medium MOAT-HIST-003 2  chmod -R 777 /app",
                          "low MOAT-CFG-006 -1  HEALTHCHECK not set",
                          "low MOAT-HIST-005 2  npm install -g pm2"));
}

}  // namespace
}  // namespace moat::detect
