// Hostile and corrupt images: each must end in a clear error naming the layer and file (or be
// handled safely), never a crash, a hang or unbounded memory.
#include <unistd.h>

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/image_reader.h"
#include "image/open_image.h"
#include "testing/image_builder.h"
#include "testing/paths.h"

namespace moat::image {
namespace {

using ::moat::testing::File;
using ::moat::testing::Hardlink;
using ::moat::testing::ImageSpec;
using ::moat::testing::LayerCompression;
using ::moat::testing::LayerSpec;
using ::moat::testing::Symlink;
using ::moat::testing::TarEntry;
using ::testing::HasSubstr;

class HostileInputTest : public ::testing::Test {
 protected:
  absl::Status ScanLayers(std::vector<LayerSpec> layers, ScanLimits limits = {}) {
    ImageSpec image;
    image.layers = std::move(layers);
    std::string layout = dir_ + "/oci" + std::to_string(count_++);
    if (auto s = moat::testing::WriteOciLayout(layout, {image}); !s.ok()) return s;
    return Scan(layout, limits);
  }
  absl::Status Scan(const std::string& target, ScanLimits limits = {}) {
    auto resolved = ResolveTarget(&fs_, target, InputType::kAuto);
    if (!resolved.ok()) return resolved.status();
    auto source = OpenLocalImage(&fs_, *resolved, Platform{"linux", "amd64", ""}, limits);
    if (!source.ok()) return source.status();
    ReadOptions options;
    options.limits = limits;
    auto files = ReadImageFiles(**source, nullptr, options);
    if (files.ok()) files_ = std::move(*files);
    return files.status();
  }
  static LayerSpec Layer(std::vector<TarEntry> entries) {
    LayerSpec layer;
    layer.entries = std::move(entries);
    return layer;
  }
  static LayerSpec Raw(std::string blob) {
    LayerSpec layer;
    layer.use_raw_blob = true;
    layer.raw_blob = std::move(blob);
    return layer;
  }

  platform::PosixFileSystem fs_;
  std::string dir_ = moat::testing::MakeTempDir("hostile");
  int count_ = 0;
  std::unique_ptr<ImageFiles> files_;
};

TEST_F(HostileInputTest, DotDotPathIsRefused) {
  absl::Status s = ScanLayers({Layer({File("../../etc/passwd", "x")})});
  EXPECT_EQ(s.message(),
            "layer 0: ../../etc/passwd: path \"../../etc/passwd\" climbs out of the layer root "
            "with '..'");
}

TEST_F(HostileInputTest, AbsolutePathIsRefused) {
  absl::Status s = ScanLayers({Layer({File("/etc/shadow", "x")})});
  EXPECT_EQ(s.message(), "layer 0: /etc/shadow: absolute path \"/etc/shadow\" in layer");
}

TEST_F(HostileInputTest, HardlinkOutsideTheRootIsRefused) {
  absl::Status s = ScanLayers({Layer({Hardlink("etc/x", "../../etc/shadow")})});
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("layer 0: /etc/x: hardlink target: path \"../../etc/shadow\""));
}

TEST_F(HostileInputTest, TruncatedTarNamesTheLayer) {
  std::string tar = moat::testing::MakeTar({File("big", std::string(100000, 'a'))});
  absl::Status s =
      ScanLayers({Raw(moat::testing::Compress(tar.substr(0, 50000), LayerCompression::kGzip))});
  EXPECT_THAT(std::string(s.message()), HasSubstr("layer 0 (sha256:"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("Truncated input"));
}

TEST_F(HostileInputTest, TruncatedGzipIsAnError) {
  std::string gz = moat::testing::Compress(
      moat::testing::MakeTar({File("a", std::string(100000, 'a'))}), LayerCompression::kGzip);
  absl::Status s = ScanLayers({Raw(gz.substr(0, gz.size() / 2))});
  EXPECT_THAT(std::string(s.message()), HasSubstr("truncated gzip stream"));
}

TEST_F(HostileInputTest, BadGzipIsAnError) {
  std::string gz = moat::testing::Compress(
      moat::testing::MakeTar({File("a", std::string(200000, 'a') + std::string(200000, 'b'))}),
      LayerCompression::kGzip);
  for (size_t i = 20; i < gz.size() - 20; i += 7) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  absl::Status s = ScanLayers({Raw(gz)});
  EXPECT_THAT(std::string(s.message()), HasSubstr("layer 0 (sha256:"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("invalid gzip"));
}

TEST_F(HostileInputTest, NotATarIsAnError) {
  absl::Status s = ScanLayers({Raw(std::string(4096, 'q'))});
  EXPECT_THAT(std::string(s.message()), HasSubstr("layer 0 (sha256:"));
  EXPECT_FALSE(s.ok());
}

TEST_F(HostileInputTest, DigestMismatchIsAnError) {
  LayerSpec layer = Layer({File("a", "hello")});
  layer.lie_about_digest = true;
  // The blob file is named by the (wrong) digest, so the reader finds it and must notice.
  ImageSpec image;
  image.layers = {layer};
  std::string layout = dir_ + "/lie";
  ASSERT_TRUE(moat::testing::WriteOciLayout(layout, {image}).ok());
  for (const auto& e : std::filesystem::directory_iterator(layout + "/blobs/sha256")) {
    (void)e;
  }
  absl::Status s = Scan(layout);
  EXPECT_THAT(std::string(s.message()), HasSubstr("layer 0"));
  EXPECT_THAT(std::string(s.message()),
              ::testing::AnyOf(HasSubstr("digest mismatch"), HasSubstr("is missing")));
}

TEST_F(HostileInputTest, ZstdBombOfOneGigabyteIsRefusedQuickly) {
  std::string bomb = moat::testing::ZeroBombLayer("zeros", 1ll << 30, LayerCompression::kZstd);
  ASSERT_LT(bomb.size(), 64u * 1024);  // "a 1 GB file of zeros compressed into a few KB"
  absl::Status s = ScanLayers({Raw(bomb)});
  EXPECT_THAT(std::string(s.message()), HasSubstr("decompression bomb"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("--max-decompression-ratio"));
}

TEST_F(HostileInputTest, GzipBombIsRefused) {
  std::string bomb = moat::testing::ZeroBombLayer("zeros", 200ll << 20, LayerCompression::kGzip);
  absl::Status s = ScanLayers({Raw(bomb)});
  EXPECT_THAT(std::string(s.message()), HasSubstr("decompression bomb"));
}

TEST_F(HostileInputTest, TooManyFiles) {
  ScanLimits limits;
  limits.max_files = 3;
  absl::Status s =
      ScanLayers({Layer({File("a", ""), File("b", ""), File("c", ""), File("d", "")})}, limits);
  EXPECT_EQ(s.message(), "layer 0: /d: the image has more than 3 files (--max-files)");
}

TEST_F(HostileInputTest, TooLongPath) {
  ScanLimits limits;
  limits.max_path_length = 20;
  absl::Status s = ScanLayers({Layer({File(std::string(30, 'a'), "")})}, limits);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("path of 30 bytes exceeds the limit of 20 (--max-path-length)"));
}

TEST_F(HostileInputTest, TooManyLayers) {
  ScanLimits limits;
  limits.max_layers = 2;
  absl::Status s = ScanLayers({Layer({}), Layer({}), Layer({})}, limits);
  EXPECT_THAT(std::string(s.message()), HasSubstr("3 layers exceed --max-layers 2"));
}

TEST_F(HostileInputTest, SymlinkLoopInALayerIsHarmless) {
  ASSERT_TRUE(
      ScanLayers({Layer({Symlink("a", "b"), Symlink("b", "a"), Symlink("etc/os-release", "../a")})})
          .ok());
  auto r = files_->view->Resolve("/etc/os-release", 40);
  EXPECT_EQ(r.status().message(), "/etc/os-release: too many levels of symbolic links");
}

TEST_F(HostileInputTest, SymlinkLoopInARootfsIsNotFollowed) {
  std::string root = dir_ + "/rootfs";
  std::filesystem::create_directories(root + "/d");
  std::filesystem::create_directory_symlink("..", root + "/d/up");
  std::filesystem::create_symlink("loop2", root + "/loop1");
  std::filesystem::create_symlink("loop1", root + "/loop2");
  ASSERT_TRUE(Scan(root).ok());
  EXPECT_EQ(files_->view->live_count(), 4u);
}

TEST_F(HostileInputTest, HugeManifestIsRefusedWithoutReadingIt) {
  std::string layout = dir_ + "/huge";
  std::filesystem::create_directories(layout + "/blobs/sha256");
  std::string huge = R"({"schemaVersion":2,"manifests":[)" + std::string(10 << 20, ' ') + "]}";
  ASSERT_TRUE(fs_.WriteFileAtomic(layout + "/index.json", huge).ok());
  ASSERT_TRUE(
      fs_.WriteFileAtomic(layout + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})").ok());
  absl::Status s = Scan(layout);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("index.json: 10485794 bytes, larger than the limit of 4194304"));
}

TEST_F(HostileInputTest, OuterArchiveThatIsNotAnImage) {
  ASSERT_TRUE(moat::testing::WriteTarFile(dir_ + "/x.tar", {File("hello.txt", "hi")}).ok());
  absl::Status s = Scan(dir_ + "/x.tar");
  EXPECT_THAT(std::string(s.message()), HasSubstr("x.tar: not an image archive"));
  ASSERT_TRUE(fs_.WriteFileAtomic(dir_ + "/junk.tar", std::string(1000, '\x07')).ok());
  EXPECT_FALSE(Scan(dir_ + "/junk.tar").ok());
}

}  // namespace
}  // namespace moat::image
