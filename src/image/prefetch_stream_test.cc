#include "image/prefetch_stream.h"

#include <string>

#include "gtest/gtest.h"

namespace moat::image {
namespace {

// Hands out `data` a few bytes at a time, then fails with `error` if it is not OK.
class TrickleStream : public platform::ReadStream {
 public:
  TrickleStream(std::string data, absl::Status error) : data_(std::move(data)), error_(error) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (pos_ == data_.size()) {
      if (!error_.ok()) return error_;
      return 0;
    }
    size_t n = std::min<size_t>({size, 7, data_.size() - pos_});
    data_.copy(buffer, n, pos_);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  absl::Status error_;
  size_t pos_ = 0;
};

std::string Pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
  return s;
}

TEST(PrefetchStreamTest, DeliversEveryByteInOrder) {
  std::string data = Pattern(100000);
  PrefetchStream stream(std::make_unique<TrickleStream>(data, absl::OkStatus()), 1000, 3);
  auto all = platform::ReadAll(stream, 1 << 20, "test");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, data);
}

TEST(PrefetchStreamTest, AnErrorComesAfterTheDataBeforeIt) {
  std::string data = Pattern(5000);
  PrefetchStream stream(
      std::make_unique<TrickleStream>(data, absl::DataLossError("digest mismatch")), 1000, 2);
  std::string got;
  char buffer[300];
  absl::Status error;
  while (true) {
    auto n = stream.Read(buffer, sizeof(buffer));
    if (!n.ok()) {
      error = n.status();
      break;
    }
    if (*n == 0) break;
    got.append(buffer, *n);
  }
  EXPECT_EQ(got, data);
  EXPECT_EQ(error.message(), "digest mismatch");
}

TEST(PrefetchStreamTest, AbandonedEarlyStopsTheReader) {
  auto stream = std::make_unique<PrefetchStream>(
      std::make_unique<TrickleStream>(Pattern(10 << 20), absl::OkStatus()), 4096, 2);
  char buffer[10];
  ASSERT_TRUE(stream->Read(buffer, sizeof(buffer)).ok());
  stream.reset();  // must return although most of the input was never read
  SUCCEED();
}

}  // namespace
}  // namespace moat::image
