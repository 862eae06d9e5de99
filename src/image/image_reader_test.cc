#include "image/image_reader.h"

#include <filesystem>
#include <set>

#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/open_image.h"
#include "testing/image_builder.h"
#include "testing/paths.h"

namespace moat::image {
namespace {

using ::moat::testing::Dir;
using ::moat::testing::File;
using ::moat::testing::Hardlink;
using ::moat::testing::ImageSpec;
using ::moat::testing::LayerSpec;
using ::moat::testing::Symlink;
using ::testing::HasSubstr;

ImageSpec ThreeLayers() {
  ImageSpec image;
  image.tag = "app";
  LayerSpec l1;
  l1.entries = {Dir("etc"),
                File("etc/os-release", "ID=debian\n"),
                Dir("opt/legacy"),
                File("opt/legacy/deploy.env", "SECRET=1\n"),
                Dir("usr/share/doc/dash"),
                File("usr/share/doc/dash/copyright", "x"),
                File("usr/bin/tool", "v1", 0755),
                Dir("var/cache"),
                File("var/cache/a", "a")};
  LayerSpec l2;
  l2.entries = {File("opt/legacy/.wh.deploy.env", ""), File("usr/share/doc/.wh.dash", ""),
                File("usr/bin/tool", "v2", 0755), File("var/cache/.wh..wh..opq", ""),
                File("var/cache/b", "b")};
  l2.compression = moat::testing::LayerCompression::kZstd;
  LayerSpec l3;
  l3.entries = {Hardlink("usr/bin/tool2", "usr/bin/tool"), Symlink("usr/bin/t", "tool"),
                File("usr/local/bin/run", "#!/bin/sh\n", 0755)};
  l3.compression = moat::testing::LayerCompression::kNone;
  image.layers = {l1, l2, l3};
  return image;
}

class ImageReaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::unique_ptr<ImageFiles>> Read(const std::string& target,
                                                   ScanLimits limits = {}) {
    auto resolved = ResolveTarget(&fs_, target, InputType::kAuto);
    if (!resolved.ok()) return resolved.status();
    auto source = OpenLocalImage(&fs_, *resolved, Platform{"linux", "amd64", ""}, limits);
    if (!source.ok()) return source.status();
    info_ = (*source)->info();
    ReadOptions options;
    options.limits = limits;
    return ReadImageFiles(**source, nullptr, options);
  }

  std::set<std::string> LivePaths(const ImageFiles& files) {
    std::set<std::string> out;
    // Directories differ legitimately: a rootfs has every parent, a tar only those it lists.
    files.view->ForEachLive([&](const FileRecord& f, FileRef) {
      if (f.type != EntryType::kDirectory) out.insert(f.path);
    });
    return out;
  }

  platform::PosixFileSystem fs_;
  std::string dir_ = moat::testing::MakeTempDir("image-reader");
  ImageInfo info_;
};

TEST_F(ImageReaderTest, AppliesWhiteoutsOpaqueDirsAndAttributesLayers) {
  ASSERT_TRUE(moat::testing::WriteOciLayout(dir_ + "/oci", {ThreeLayers()}).ok());
  auto files = Read(dir_ + "/oci");
  ASSERT_TRUE(files.ok()) << files.status();
  const FilesystemView& view = *(*files)->view;
  EXPECT_FALSE(view.Lookup("/opt/legacy/deploy.env"));
  EXPECT_FALSE(view.Lookup("/usr/share/doc/dash"));
  EXPECT_FALSE(view.Lookup("/usr/share/doc/dash/copyright"));
  EXPECT_FALSE(view.Lookup("/var/cache/a"));
  ASSERT_TRUE(view.Lookup("/var/cache/b"));
  auto tool = view.Lookup("/usr/bin/tool");
  ASSERT_TRUE(tool);
  EXPECT_EQ(tool->layer, 1);
  EXPECT_EQ(view.Get(*tool).sha256, Sha256Hex("v2"));
  // Deleted and replaced files stay known, tagged with the layer that removed them.
  const LayerFiles& base = (*files)->layers[0];
  for (uint32_t i = 0; i < base.files.size(); ++i) {
    const std::string& path = base.files[i].path;
    int deleted = view.DeletedBy(FileRef{0, i});
    if (path == "/opt/legacy/deploy.env" || path == "/usr/bin/tool" || path == "/var/cache/a") {
      EXPECT_EQ(deleted, 1) << path;
    }
    if (path == "/etc/os-release") {
      EXPECT_EQ(deleted, -1);
    }
  }
  EXPECT_EQ(info_.layers.size(), 3u);
  EXPECT_EQ(info_.layers[2].created_by, "test layer");
  EXPECT_EQ(info_.repo_tags, std::vector<std::string>{"app"});
}

TEST_F(ImageReaderTest, ResolvesSymlinksAndHardlinks) {
  ASSERT_TRUE(moat::testing::WriteOciLayout(dir_ + "/oci", {ThreeLayers()}).ok());
  auto files = Read(dir_ + "/oci");
  ASSERT_TRUE(files.ok()) << files.status();
  const FilesystemView& view = *(*files)->view;
  auto t = view.Resolve("/usr/bin/t", 40);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(view.Get(*t).path, "/usr/bin/tool");
  auto link = view.Lookup("/usr/bin/tool2");
  ASSERT_TRUE(link);
  EXPECT_EQ(view.Get(*link).type, EntryType::kHardlink);
  EXPECT_EQ(view.Get(*link).link_target, "/usr/bin/tool");
}

TEST_F(ImageReaderTest, EveryInputTypeShowsTheSameFiles) {
  ImageSpec image = ThreeLayers();
  ASSERT_TRUE(moat::testing::WriteOciLayout(dir_ + "/oci", {image}).ok());
  ASSERT_TRUE(moat::testing::WriteOciArchive(dir_ + "/img.oci.tar", {image}).ok());
  ASSERT_TRUE(moat::testing::WriteDockerArchive(dir_ + "/img.docker.tar", {image}).ok());
  ASSERT_TRUE(moat::testing::WriteRootfs(dir_ + "/rootfs", image).ok());
  auto oci = Read(dir_ + "/oci");
  ASSERT_TRUE(oci.ok()) << oci.status();
  std::set<std::string> expected = LivePaths(**oci);
  for (const std::string& target :
       {dir_ + "/img.oci.tar", dir_ + "/img.docker.tar", dir_ + "/rootfs", dir_ + "/oci:app"}) {
    auto files = Read(target);
    ASSERT_TRUE(files.ok()) << target << ": " << files.status();
    EXPECT_EQ(LivePaths(**files), expected) << target;
  }
}

TEST_F(ImageReaderTest, SeveralImagesWithoutASelectorFailWithTheList) {
  ImageSpec a = ThreeLayers();
  ImageSpec b = ThreeLayers();
  b.tag = "other";
  ASSERT_TRUE(moat::testing::WriteOciLayout(dir_ + "/oci", {a, b}).ok());
  auto files = Read(dir_ + "/oci");
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(std::string(files.status().message()),
              HasSubstr("holds 2 images; name one as <path>:<tag>"));
  EXPECT_THAT(std::string(files.status().message()), HasSubstr("other ("));
  EXPECT_TRUE(Read(dir_ + "/oci:other").ok());
  auto missing = Read(dir_ + "/oci:nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("no image nope; it has: app ("));
}

}  // namespace
}  // namespace moat::image
