#include "image/registry_source.h"

#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image/manifest.h"
#include "testing/fake_clock.h"
#include "testing/fake_http_client.h"
#include "testing/registry_images.h"

namespace moat::image {
namespace {

using ::moat::testing::AddToFakeRegistry;
using ::moat::testing::BlobsOf;
using ::moat::testing::FakeClock;
using ::moat::testing::FakeHttpClient;
using ::moat::testing::File;
using ::moat::testing::MakeRegistryImage;
using ::moat::testing::MakeRegistryIndex;
using ::moat::testing::ManifestFlavor;
using ::moat::testing::RegistryImage;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kBase[] = "https://r.test";

// Reads every entry of a layer: path -> content.
std::map<std::string, std::string> ReadLayer(ImageSource& source, int index) {
  std::map<std::string, std::string> files;
  auto reader = source.OpenLayer(index);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return files;
  EntryHeader header;
  while (true) {
    auto more = (*reader)->Next(&header);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    std::string data(static_cast<size_t>(header.size), '\0');
    auto n = (*reader)->ReadData(data.data(), data.size());
    EXPECT_TRUE(n.ok()) << n.status();
    files[header.path] = data;
  }
  EXPECT_TRUE((*reader)->Finish().ok());
  return files;
}

RegistryOptions Options(std::string reference) {
  RegistryOptions options;
  options.reference = std::move(reference);
  return options;
}

class RegistrySourceTest : public ::testing::Test {
 protected:
  FakeHttpClient http_;
  FakeClock clock_;
};

TEST_F(RegistrySourceTest, OpensAnImageByTagWithItsInfoAndLayers) {
  RegistryImage image = MakeRegistryImage(
      {{File("etc/os-release", "ID=test\n")}, {File("app/main.py", "print(1)\n")}});
  AddToFakeRegistry(http_, kBase, "team/app", "1.0", image.manifest, BlobsOf(image));
  auto source = OpenRegistryImage(Options("r.test/team/app:1.0"), &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  const ImageInfo& info = (*source)->info();
  EXPECT_EQ(info.reference, "r.test/team/app:1.0");
  EXPECT_EQ(info.source_type, "registry");
  EXPECT_EQ(info.digest, image.manifest.digest);
  EXPECT_EQ(info.manifest_media_type, kOciManifestType);
  EXPECT_EQ(info.image_id, image.config.digest);
  EXPECT_THAT(info.repo_tags, ElementsAre("r.test/team/app:1.0"));
  EXPECT_THAT(info.repo_digests, ElementsAre("r.test/team/app@" + image.manifest.digest));
  EXPECT_EQ(info.platform.ToString(), "linux/amd64");
  EXPECT_THAT(info.config.cmd, ElementsAre("/bin/sh"));
  ASSERT_EQ(info.layers.size(), 2u);
  EXPECT_EQ(info.layers[1].digest, image.layers[1].digest);
  EXPECT_EQ(info.layers[1].size, static_cast<int64_t>(image.layers[1].bytes.size()));
  EXPECT_EQ(info.layers[1].created_by, "layer 1");
  EXPECT_FALSE(info.layers[1].diff_id.empty());
  EXPECT_EQ(ReadLayer(**source, 0),
            (std::map<std::string, std::string>{{"etc/os-release", "ID=test\n"}}));
  EXPECT_EQ(ReadLayer(**source, 1),
            (std::map<std::string, std::string>{{"app/main.py", "print(1)\n"}}));
  EXPECT_EQ((*source)->OpenLayer(2).status().message(),
            "layer 2 does not exist: the image has 2 layers");
}

TEST_F(RegistrySourceTest, OpensByDigestWithoutTag) {
  RegistryImage image = MakeRegistryImage({{File("a", "1")}}, "amd64", ManifestFlavor::kDocker);
  AddToFakeRegistry(http_, kBase, "team/app", "", image.manifest, BlobsOf(image));
  auto source =
      OpenRegistryImage(Options("r.test/team/app@" + image.manifest.digest), &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)->info().manifest_media_type, kDockerManifestType);
  EXPECT_TRUE((*source)->info().repo_tags.empty());
  EXPECT_EQ(ReadLayer(**source, 0), (std::map<std::string, std::string>{{"a", "1"}}));
}

TEST_F(RegistrySourceTest, IndexPicksThePlatformAsked) {
  RegistryImage amd = MakeRegistryImage({{File("arch", "amd64")}}, "amd64");
  RegistryImage arm = MakeRegistryImage({{File("arch", "arm64")}}, "arm64");
  auto index = MakeRegistryIndex({amd, arm});
  AddToFakeRegistry(http_, kBase, "team/multi", "2", index, {});
  AddToFakeRegistry(http_, kBase, "team/multi", "", amd.manifest, BlobsOf(amd));
  AddToFakeRegistry(http_, kBase, "team/multi", "", arm.manifest, BlobsOf(arm));
  RegistryOptions options = Options("r.test/team/multi:2");
  auto source = OpenRegistryImage(options, &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)->info().digest, amd.manifest.digest);
  EXPECT_THAT((*source)->info().repo_digests, ElementsAre("r.test/team/multi@" + index.digest));
  options.platform = {"linux", "arm64", ""};
  source = OpenRegistryImage(options, &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)->info().digest, arm.manifest.digest);
  EXPECT_EQ((*source)->info().platform.ToString(), "linux/arm64");
  EXPECT_EQ(ReadLayer(**source, 0), (std::map<std::string, std::string>{{"arch", "arm64"}}));
  options.platform = {"linux", "s390x", ""};
  EXPECT_EQ(OpenRegistryImage(options, &http_, &clock_).status().message(),
            "fetching manifest r.test/team/multi:2: no image for platform linux/s390x; the index "
            "has: linux/amd64, linux/arm64");
}

TEST_F(RegistrySourceTest, LayerBytesThatDoNotMatchTheirDigestFailNamingTheLayer) {
  RegistryImage image = MakeRegistryImage({{File("a", "1")}, {File("b", "2")}});
  image.layers[1].bytes = image.layers[0].bytes;  // served under layer 1's digest
  AddToFakeRegistry(http_, kBase, "team/app", "1.0", image.manifest, BlobsOf(image));
  auto source = OpenRegistryImage(Options("r.test/team/app:1.0"), &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  auto reader = (*source)->OpenLayer(1);
  absl::Status status = reader.status();
  if (reader.ok()) {
    EntryHeader header;
    while (status.ok()) {
      auto more = (*reader)->Next(&header);
      if (!more.ok()) status = more.status();
      if (!more.ok() || !*more) break;
    }
    if (status.ok()) status = (*reader)->Finish();
  }
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("layer 1"));
  EXPECT_THAT(status.message(), HasSubstr(image.layers[1].digest.substr(0, 19)));
}

TEST_F(RegistrySourceTest, LayersCanBeReadFromTwoThreads) {
  std::string big_a(300000, 'a');
  std::string big_b(300000, 'b');
  RegistryImage image = MakeRegistryImage({{File("a", big_a)}, {File("b", big_b)}});
  AddToFakeRegistry(http_, kBase, "team/app", "1.0", image.manifest, BlobsOf(image));
  auto source = OpenRegistryImage(Options("r.test/team/app:1.0"), &http_, &clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  std::map<std::string, std::string> first, second;
  std::thread t1([&] { first = ReadLayer(**source, 0); });
  std::thread t2([&] { second = ReadLayer(**source, 1); });
  t1.join();
  t2.join();
  EXPECT_EQ(first["a"], big_a);
  EXPECT_EQ(second["b"], big_b);
}

TEST_F(RegistrySourceTest, RefusesWhatIsNotAnImage) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", "https://r.test/v2/x/manifests/old", 200,
            R"({"schemaVersion":1,"name":"x","tag":"old","fsLayers":[]})");
  EXPECT_THAT(
      OpenRegistryImage(Options("r.test/x:old"), &http_, &clock_).status().message(),
      HasSubstr("fetching manifest r.test/x:old: Docker schema 1 manifests are deprecated"));
  std::string helm =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"mediaType":"application/vnd.cncf.helm.config.v1+json",)"
      R"("digest":"sha256:)" +
      std::string(64, 'c') + R"(","size":10},"layers":[]})";
  http_.Add("GET", "https://r.test/v2/x/manifests/chart", 200, helm);
  auto status = OpenRegistryImage(Options("r.test/x:chart"), &http_, &clock_).status();
  EXPECT_THAT(
      status.message(),
      HasSubstr(
          ": not a container image (config type \"application/vnd.cncf.helm.config.v1+json\")"));
  EXPECT_EQ(OpenRegistryImage(Options("r.test/X"), &http_, &clock_).status().message(),
            "invalid image reference \"r.test/X\": repository name must be lowercase");
}

TEST_F(RegistrySourceTest, TooManyLayersAreRefused) {
  RegistryImage image = MakeRegistryImage({{File("a", "1")}, {File("b", "2")}, {File("c", "3")}});
  AddToFakeRegistry(http_, kBase, "team/app", "1.0", image.manifest, BlobsOf(image));
  RegistryOptions options = Options("r.test/team/app:1.0");
  options.limits.max_layers = 2;
  EXPECT_EQ(OpenRegistryImage(options, &http_, &clock_).status().message(),
            absl::StrCat("reading image r.test/team/app@", image.manifest.digest,
                         ": 3 layers, more than the limit of 2"));
}

TEST_F(RegistrySourceTest, HttpOptionsFollowTheRegistryOptions) {
  RegistryOptions options;
  options.ca_file = "/ca.pem";
  options.insecure = true;
  options.idle_timeout = absl::Seconds(7);
  platform::HttpClientOptions http = HttpClientOptionsFor(options);
  EXPECT_EQ(http.ca_file, "/ca.pem");
  EXPECT_TRUE(http.insecure_skip_verify);
  EXPECT_EQ(http.idle_timeout, absl::Seconds(7));
}

}  // namespace
}  // namespace moat::image
