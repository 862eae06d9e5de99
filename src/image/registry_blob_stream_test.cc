#include "image/registry_blob_stream.h"

#include <vector>

#include "gtest/gtest.h"
#include "testing/fake_http_client.h"

namespace moat::image {
namespace {

using ::moat::testing::FakeHttpClient;
using ::moat::testing::FakeReply;

constexpr char kUrl[] = "https://r.test/blob";

// Scripted answers for the first request and each reopening, all on one fake URL.
class BlobStreamTest : public ::testing::Test {
 protected:
  std::unique_ptr<platform::HttpResponse> Get() { return *http_.Send(Request()); }
  static platform::HttpRequest Request() {
    platform::HttpRequest request;
    request.url = kUrl;
    return request;
  }
  BlobReopener Reopener() {
    return [this](int64_t offset) {
      offsets_.push_back(offset);
      return http_.Send(Request());
    };
  }
  static FakeReply Broken(std::string body, absl::Status error) {
    FakeReply reply;
    reply.body = std::move(body);
    reply.body_error = std::move(error);
    return reply;
  }
  FakeHttpClient http_;
  std::vector<int64_t> offsets_;
};

TEST_F(BlobStreamTest, ResumesFromAFullResponseBySkipping) {
  http_.Add("GET", kUrl, Broken("0123", absl::DeadlineExceededError("idle")));
  http_.Add("GET", kUrl, 200, "0123456789");
  ResumingBlobStream stream(Get(), 10, Reopener(), 2, "pulling layer 0");
  auto bytes = platform::ReadAll(stream, 100, "blob");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "0123456789");
  EXPECT_EQ(offsets_, std::vector<int64_t>{4});
}

TEST_F(BlobStreamTest, ShortBlobFailsOnceResumesAreUsedUp) {
  http_.Add("GET", kUrl, 200, "0123456789");
  ResumingBlobStream stream(Get(), 20, Reopener(), 1, "pulling layer 0");
  auto bytes = platform::ReadAll(stream, 100, "blob");
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(bytes.status().message(), "pulling layer 0: the blob ended after 10 of its 20 bytes");
}

TEST_F(BlobStreamTest, MoreBytesThanDeclaredIsAnError) {
  http_.Add("GET", kUrl, 200, "0123456789extra");
  ResumingBlobStream stream(Get(), 10, Reopener(), 1, "pulling layer 0");
  auto bytes = platform::ReadAll(stream, 100, "blob");
  EXPECT_EQ(bytes.status().message(),
            "pulling layer 0: the registry sent more than the 10 bytes the manifest declares");
}

TEST_F(BlobStreamTest, PermanentErrorsAreNotResumed) {
  http_.Add("GET", kUrl, Broken("01", absl::InvalidArgumentError("bad")));
  ResumingBlobStream permanent(Get(), 10, Reopener(), 3, "l");
  EXPECT_EQ(platform::ReadAll(permanent, 100, "blob").status().message(), "l: bad");
  EXPECT_TRUE(offsets_.empty());
}

TEST_F(BlobStreamTest, RefusedResumeIsReported) {
  http_.Add("GET", kUrl, Broken("01", absl::UnavailableError("reset")));
  http_.Add("GET", kUrl, 404, R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]})");
  ResumingBlobStream refused(Get(), 10, Reopener(), 3, "l");
  EXPECT_EQ(platform::ReadAll(refused, 100, "blob").status().message(),
            "l: resuming at byte 2: HTTP 404 BLOB_UNKNOWN: blob unknown");
}

TEST_F(BlobStreamTest, UnknownSizeReadsToTheEnd) {
  http_.Add("GET", kUrl, 200, "abc");
  ResumingBlobStream stream(Get(), -1, Reopener(), 0, "l");
  EXPECT_EQ(*platform::ReadAll(stream, 100, "blob"), "abc");
}

}  // namespace
}  // namespace moat::image
