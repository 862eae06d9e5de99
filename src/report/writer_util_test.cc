#include "report/writer_util.h"

#include "gtest/gtest.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

TEST(NameBasedUuidTest, MatchesRfc4122Version5) {
  // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/moat")
  EXPECT_EQ(NameBasedUuid("https://example.com/moat"), "cffe8532-c6ac-5adc-b5f1-ecdf8c73f9b4");
  EXPECT_EQ(NameBasedUuid("a"), NameBasedUuid("a"));
  EXPECT_NE(NameBasedUuid("a"), NameBasedUuid("b"));
}

TEST(NormalizeTimestampTest, DropsFractionsAndConvertsToUtc) {
  EXPECT_EQ(NormalizeTimestamp("2026-11-28T14:06:58Z"), "2026-11-28T14:06:58Z");
  EXPECT_EQ(NormalizeTimestamp("2026-11-28T14:06:58.123456Z"), "2026-11-28T14:06:58Z");
  EXPECT_EQ(NormalizeTimestamp("2026-11-28T16:06:58+02:00"), "2026-11-28T14:06:58Z");
  EXPECT_EQ(NormalizeTimestamp(""), "1970-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeTimestamp("yesterday"), "1970-01-01T00:00:00Z");
}

TEST(ImageNamingTest, RepositoryTagAndPurl) {
  image::ImageInfo image = testing::SampleImage();
  EXPECT_EQ(ImageDisplayName(image), "registry.example.com/team/demo-app:1.4");
  EXPECT_EQ(ImageRepository(image), "registry.example.com/team/demo-app");
  EXPECT_EQ(ImageIdentity(image), image.digest);
  image.repo_tags = {"localhost:5000/app:v1"};
  EXPECT_EQ(ImageRepository(image), "localhost:5000/app");
  EXPECT_EQ(ImagePurl(image), "pkg:oci/app@" + image.digest +
                                  "?arch=amd64&repository_url=localhost:5000%2Fapp&tag=v1");
  image.repo_tags = {"localhost:5000/app"};  // a port is not a tag
  EXPECT_EQ(ImageRepository(image), "localhost:5000/app");
  image.digest.clear();
  EXPECT_EQ(ImagePurl(image), "");
  EXPECT_EQ(ImageIdentity(image), image.image_id);
}

TEST(ImageNamingTest, ArchiveWithoutNames) {
  image::ImageInfo image;
  image.reference = "/tmp/demo.tar";
  image.source_type = "docker-archive";
  image.image_id = "sha256:abc";
  EXPECT_EQ(ImageDisplayName(image), "/tmp/demo.tar");
  EXPECT_EQ(ImageRepository(image), "");
  EXPECT_EQ(ImagePurl(image), "");
}

}  // namespace
}  // namespace moat::report
