#include "auth/secret_box.h"

#include <sys/stat.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "auth/secret_key_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::auth {
namespace {

using ::testing::StartsWith;

SecretBox Box(char fill) { return *SecretBox::Create(std::string(kSecretKeySize, fill)); }

TEST(SecretBoxTest, RoundTrips) {
  SecretBox box = Box('k');
  for (std::string plaintext : {std::string(""), std::string("hunter2"), std::string(5000, 'x'),
                                std::string("\0\xff binary", 9)}) {
    auto sealed = box.Seal(plaintext);
    ASSERT_TRUE(sealed.ok()) << sealed.status();
    EXPECT_THAT(*sealed, StartsWith("v1:"));
    EXPECT_EQ(sealed->find(plaintext.empty() ? "\x01" : plaintext), std::string::npos);
    auto opened = box.Open(*sealed);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST(SecretBoxTest, SealingTwiceUsesFreshNonces) {
  SecretBox box = Box('k');
  EXPECT_NE(*box.Seal("same"), *box.Seal("same"));
}

TEST(SecretBoxTest, OutputIsNoncePlusCiphertextPlusTag) {
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(Box('k').Seal("hunter2")->substr(3), &raw));
  EXPECT_EQ(raw.size(), 12u + 7u + 16u);
}

TEST(SecretBoxTest, WrongKeyIsAnErrorNotGarbage) {
  auto opened = Box('b').Open(*Box('a').Seal("hunter2"));
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(opened.status().message(), "secret: cannot decrypt: wrong key or tampered data");
}

TEST(SecretBoxTest, EveryTamperedByteIsDetected) {
  SecretBox box = Box('k');
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(box.Seal("hunter2")->substr(3), &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] ^= 0x01;
    auto opened = box.Open("v1:" + absl::Base64Escape(tampered));
    EXPECT_EQ(opened.status().message(), "secret: cannot decrypt: wrong key or tampered data")
        << "byte " << i;
  }
  auto truncated = box.Open("v1:" + absl::Base64Escape(raw.substr(0, raw.size() - 1)));
  EXPECT_EQ(truncated.status().message(), "secret: cannot decrypt: wrong key or tampered data");
}

TEST(SecretBoxTest, MalformedInputIsRejected) {
  SecretBox box = Box('k');
  EXPECT_EQ(box.Open("hunter2").status().message(),
            "secret: not a sealed secret (expected \"v1:<base64>\")");
  EXPECT_EQ(box.Open("v2:AAAA").status().message(),
            "secret: not a sealed secret (expected \"v1:<base64>\")");
  EXPECT_EQ(box.Open("v1:%%%").status().message(), "secret: not valid base64");
  EXPECT_EQ(box.Open("v1:AAAA").status().message(), "secret: too short");
}

TEST(SecretBoxTest, KeyMustBe32Bytes) {
  EXPECT_EQ(SecretBox::Create("short").status().message(),
            "secret: the key must be 32 bytes, not 5");
}

TEST(SecretKeyFileTest, CreatedWithMode0600AndReused) {
  std::string path =
      moat::testing::MakeTempDir("secret-key") + "/" + std::string(kSecretKeyFileName);
  auto first = LoadOrCreateKey(path);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), kSecretKeySize);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto second = LoadOrCreateKey(path);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
  // A secret sealed under the first load opens under the second.
  auto sealed = SecretBox::Create(*first)->Seal("registry password");
  EXPECT_EQ(*SecretBox::Create(*second)->Open(*sealed), "registry password");
}

TEST(SecretKeyFileTest, DifferentDataDirsGetDifferentKeys) {
  auto a = LoadOrCreateKey(moat::testing::MakeTempDir("secret-a") + "/secret.key");
  auto b = LoadOrCreateKey(moat::testing::MakeTempDir("secret-b") + "/secret.key");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(SecretKeyFileTest, WrongSizedFileIsRefused) {
  std::string path = moat::testing::MakeTempDir("secret-bad") + "/secret.key";
  std::ofstream(path) << "too short";
  EXPECT_EQ(LoadOrCreateKey(path).status().message(),
            path + ": a secret key file must hold exactly 32 bytes");
}

TEST(SecretKeyFileTest, MissingDirectoryIsAnError) {
  std::string path = moat::testing::MakeTempDir("secret-nodir") + "/absent/secret.key";
  auto key = LoadOrCreateKey(path);
  EXPECT_FALSE(key.ok());
  EXPECT_THAT(std::string(key.status().message()), StartsWith("creating " + path + ": "));
}

}  // namespace
}  // namespace moat::auth
