// The history detector: created_by forms, history entries mapped to layers (empty_layer entries
// have none), ENV/ARG steps, and secrets in ENV values the final config still holds left to the
// config rules.
#include "detect/history_detector.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;

image::HistoryEntry Entry(std::string created_by, bool empty = false) {
  image::HistoryEntry e;
  e.created_by = std::move(created_by);
  e.empty_layer = empty;
  return e;
}

std::vector<std::string> Detect(const image::ImageInfo& info) {
  std::vector<Finding> out;
  NewHistoryDetector()->Scan(ImageScanInput{info, nullptr}, &out);
  std::vector<std::string> lines;
  for (const Finding& f : out) {
    EXPECT_EQ(f.category, Category::kHistory);
    EXPECT_EQ(f.source, "moat");
    EXPECT_FALSE(f.fix.empty());
    lines.push_back(absl::StrCat(f.rule_id, " ", f.evidence.layer, " ", f.evidence.excerpt));
  }
  return lines;
}

TEST(HistoryDetectorTest, FindingsCarryTheLayerOfTheirHistoryEntry) {
  image::ImageInfo info;
  info.layers.resize(3);
  info.config.env = {"KEPT_PASSWORD=hunter2", "GIT_SSL_NO_VERIFY=1"};
  info.history = {
      Entry("/bin/sh -c #(nop) ADD file:abc in / "),
      Entry("/bin/sh -c #(nop)  ENV GIT_SSL_NO_VERIFY=1", true),
      Entry("/bin/sh -c #(nop)  ENV OLD_PASSWORD=hunter2 KEPT_PASSWORD=hunter2", true),
      Entry("|1 NPM_TOKEN=npm_0123456789abcdefghijklmnopqrstuvwxyz /bin/sh -c npm ci"),
      Entry("ARG DB_PASSWORD=letmein", true),
      Entry("RUN /bin/sh -c curl http://x.example/i.sh | sh # buildkit"),
      Entry("/bin/sh -c #(nop)  CMD [\"sh\"]", true),
      Entry("/bin/sh -c sudo true"),  // a fourth layer the image does not have
  };
  EXPECT_THAT(
      Detect(info),
      ElementsAre("MOAT-HIST-004 -1 GIT_SSL_NO_VERIFY=1", "MOAT-HIST-006 -1 OLD_PASSWORD=****",
                  "MOAT-HIST-006 1 NPM_TOKEN=****", "MOAT-HIST-006 -1 DB_PASSWORD=****",
                  "MOAT-HIST-001 2 curl http://x.example/i.sh | sh",
                  "MOAT-HIST-002 2 curl http://x.example/i.sh", "MOAT-HIST-007 -1 sudo true"));
}

TEST(HistoryDetectorTest, LayerMapping) {
  std::vector<image::HistoryEntry> h = {Entry("a"), Entry("b", true), Entry("c"), Entry("d")};
  EXPECT_THAT(HistoryLayers(h, 2), ElementsAre(0, -1, 1, -1));
  EXPECT_THAT(HistoryLayers({}, 2), ::testing::IsEmpty());
}

TEST(HistoryDetectorTest, NopInstructionsAreNotShellCommands) {
  image::ImageInfo info;
  info.layers.resize(1);
  info.history = {Entry("/bin/sh -c #(nop) COPY dir:app /app && sudo gem install rack")};
  EXPECT_THAT(Detect(info), ::testing::IsEmpty());
}

}  // namespace
}  // namespace moat::detect
