// The image config detector on constructed images: every MOAT-CFG rule fires with its evidence,
// near misses stay quiet, file rules see the final file system, and the config parser reads
// Healthcheck.Test.
#include "detect/config_detector.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/filesystem_view.h"
#include "image/manifest.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "rule severity layer path excerpt | title" per finding.
std::vector<std::string> Detect(const image::ImageInfo& info,
                                const image::ImageFiles* files = nullptr,
                                ConfigDetectorOptions options = {}) {
  std::vector<Finding> out;
  NewConfigDetector(options)->Scan(ImageScanInput{info, files}, &out);
  std::vector<std::string> lines;
  for (const Finding& f : out) {
    EXPECT_EQ(f.category, Category::kConfig);
    EXPECT_FALSE(f.fix.empty());
    lines.push_back(absl::StrCat(f.rule_id, " ", f.severity, " ", f.evidence.layer, " ",
                                 f.evidence.path, " ", f.evidence.excerpt, " | ", f.title));
  }
  return lines;
}

image::ImageInfo RiskyImage() {
  image::ImageInfo info;
  info.config.user = "0:0";
  info.config.env = {"PATH=/usr/bin", "DB_PASSWORD=hunter2",
                     "GH=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "PASSWORD_FILE=/run/s",
                     "API_TOKEN="};
  info.config.labels = {{"org.opencontainers.image.title", "x"}, {"deploy.token", "abc123"}};
  info.config.exposed_ports = {"8080/tcp", "22/tcp", "2375/tcp", "5900"};
  info.config.healthcheck = {"NONE"};
  info.layers.resize(2);
  info.history = {
      {"", "/bin/sh -c #(nop) ADD file:abc in / ", "", "", false},
      {"", "/bin/sh -c #(nop)  ENV A=b", "", "", true},
      {"", "ADD https://example.com/tool.tgz /opt/ # buildkit", "", "", false},
  };
  return info;
}

TEST(ConfigDetectorTest, EveryConfigRuleWithEvidence) {
  EXPECT_THAT(
      Detect(RiskyImage()),
      ElementsAre("MOAT-CFG-001 high -1  USER 0:0 | Image runs as root",
                  "MOAT-CFG-002 high -1  ENV DB_PASSWORD=**** | Secret in an environment variable",
                  "MOAT-CFG-002 critical -1  ENV GH=**** | Secret in an environment variable",
                  "MOAT-CFG-003 high -1  LABEL deploy.token=**** | Secret in an image label",
                  "MOAT-CFG-004 medium -1  EXPOSE 22/tcp | SSH port exposed",
                  "MOAT-CFG-005 critical -1  EXPOSE 2375/tcp | Administrative port exposed: "
                  "Docker API without TLS",
                  "MOAT-CFG-005 medium -1  EXPOSE 5900 | Administrative port exposed: VNC",
                  "MOAT-CFG-006 low -1  HEALTHCHECK NONE | No HEALTHCHECK",
                  "MOAT-CFG-007 medium 1  ADD https://example.com/tool.tgz /opt/ | ADD from a "
                  "remote URL without a checksum"));
}

TEST(ConfigDetectorTest, NearMissesAreQuiet) {
  image::ImageInfo info;
  info.config.user = "app";
  info.config.env = {"PATH=/usr/bin", "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
                     "TOKEN=$TOKEN", "SECRET_PATH=/run/secrets"};
  info.config.labels = {{"maintainer", "me"}};
  info.config.exposed_ports = {"8080/tcp", "2222/tcp", "80"};
  info.config.healthcheck = {"CMD-SHELL", "curl -f http://localhost/ || exit 1"};
  info.history = {
      {"", "ADD app.tgz /app # buildkit", "", "", false},
      {"", "ADD --checksum=sha256:24454f83 https://x.io/t.tgz /t # buildkit", "", "", false}};
  info.layers.resize(2);
  EXPECT_THAT(Detect(info), IsEmpty());
  info.config.user = "";
  info.config.healthcheck.clear();
  EXPECT_THAT(Detect(info),
              ElementsAre("MOAT-CFG-001 high -1  USER not set | Image runs as root",
                          "MOAT-CFG-006 low -1  HEALTHCHECK not set | No HEALTHCHECK"));
}

image::FileRecord Rec(std::string path, uint32_t mode,
                      image::EntryType type = image::EntryType::kRegular) {
  image::FileRecord r;
  r.path = std::move(path);
  r.mode = mode;
  r.type = type;
  return r;
}

std::unique_ptr<image::ImageFiles> Files(std::vector<std::vector<image::FileRecord>> layers) {
  auto files = std::make_unique<image::ImageFiles>();
  for (size_t i = 0; i < layers.size(); ++i) {
    image::LayerFiles lf;
    lf.layer = static_cast<int>(i);
    lf.files = std::move(layers[i]);
    files->layers.push_back(std::move(lf));
  }
  files->view = std::make_unique<image::FilesystemView>(files->layers);
  return files;
}

TEST(ConfigDetectorTest, SetuidAndWorldWritableFilesOnTheFinalFileSystem) {
  using image::EntryType;
  auto files = Files({
      {Rec("/usr/bin/passwd", 04755), Rec("/tmp", 01777, EntryType::kDirectory),
       Rec("/usr/bin/gone", 04755)},
      {Rec("/usr/local/bin/tool", 06755), Rec("/usr/local/bin/su2", 04755),
       Rec("/etc/app.conf", 0666), Rec("/opt/app", 0777, EntryType::kDirectory),
       Rec("/opt/cache", 01777, EntryType::kDirectory),
       Rec("/usr/lib/link", 0777, EntryType::kSymlink), Rec("/home/u/x", 0666),
       Rec("/etcetera/x", 0666), Rec("/usr/bin/ok", 0755)},
  });
  image::ImageInfo info;
  info.config.user = "app";
  info.config.healthcheck = {"CMD", "true"};
  EXPECT_THAT(
      Detect(info, files.get()),
      ElementsAre("MOAT-CFG-009 medium 1 /etc/app.conf mode 0666 uid 0 gid 0 | World-writable "
                  "file in a system path",
                  "MOAT-CFG-009 medium 1 /opt/app mode 0777 uid 0 gid 0 | World-writable "
                  "directory in a system path",
                  "MOAT-CFG-008 medium 1 /usr/local/bin/su2 mode 4755 uid 0 gid 0 | setuid file "
                  "added by a layer",
                  "MOAT-CFG-008 medium 1 /usr/local/bin/tool mode 6755 uid 0 gid 0 | setuid and "
                  "setgid file added by a layer"));
  ConfigDetectorOptions with_base;
  with_base.setuid_in_base_layer = true;
  with_base.max_file_findings = 1;
  EXPECT_THAT(Detect(info, files.get(), with_base),
              ElementsAre("MOAT-CFG-009 medium 1 /etc/app.conf mode 0666 uid 0 gid 0 | "
                          "World-writable file in a system path",
                          "MOAT-CFG-008 medium 0 /usr/bin/gone mode 4755 uid 0 gid 0 | setuid "
                          "file added by a layer",
                          "MOAT-CFG-008 medium 0 /usr/bin/passwd mode 4755 uid 0 gid 0 | setuid "
                          "file added by a layer (and 2 more not listed)",
                          "MOAT-CFG-009 medium 1 /opt/app mode 0777 uid 0 gid 0 | World-writable "
                          "directory in a system path"));
}

TEST(ConfigDetectorTest, ImageConfigParserReadsHealthcheck) {
  image::ImageInfo info;
  ASSERT_TRUE(image::ApplyImageConfig(
                  R"({"config":{"Healthcheck":{"Test":["CMD-SHELL","curl -f http://x/"],
                      "Interval":30000000000}},"rootfs":{"diff_ids":[]}})",
                  "config", &info)
                  .ok());
  EXPECT_THAT(info.config.healthcheck, ElementsAre("CMD-SHELL", "curl -f http://x/"));
  image::ImageInfo none;
  ASSERT_TRUE(
      image::ApplyImageConfig(R"({"config":{"Healthcheck":{"Test":"x"}}})", "c", &none).ok());
  EXPECT_THAT(none.config.healthcheck, IsEmpty());
}

}  // namespace
}  // namespace moat::detect
