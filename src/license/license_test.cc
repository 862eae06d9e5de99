#include "license/license.h"

#include "absl/strings/str_replace.h"
#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "license/ed25519.h"
#include "license/embedded_key.h"

namespace moat::license {
namespace {

using ::testing::HasSubstr;

absl::Time At(const char* rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

License SampleLicense() {
  License license;
  license.id = "lic-0001";
  license.customer = "Example Corp";
  license.edition = Edition::kUltimate;
  license.issued_at = At("2026-01-01T00:00:00Z");
  license.expires_at = At("2027-12-31T23:59:59Z");
  license.quotas = {.images = 5000, .nodes = 200, .clusters = 3};
  return license;
}

class LicenseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pair = GenerateKeyPair();
    ASSERT_TRUE(pair.ok()) << pair.status();
    keys_ = *pair;
    auto text = IssueLicense(SampleLicense(), keys_.private_pem);
    ASSERT_TRUE(text.ok()) << text.status();
    text_ = *text;
  }

  std::string VerifyError(absl::string_view text) {
    auto result = VerifyLicense(text, keys_.public_pem, now_);
    EXPECT_FALSE(result.ok());
    return std::string(result.status().message());
  }

  // The issued file with its "license" object edited by `edit` (the signature is kept).
  template <typename Edit>
  std::string Edited(Edit edit) {
    Json root = *ParseJson(text_, "test");
    edit(root["license"]);
    return DumpJson(root, 2);
  }

  KeyPair keys_;
  std::string text_;
  absl::Time now_ = At("2026-06-01T12:00:00Z");
};

TEST_F(LicenseTest, IssuedLicenseVerifiesAndRoundTrips) {
  auto license = VerifyLicense(text_, keys_.public_pem, now_);
  ASSERT_TRUE(license.ok()) << license.status();
  EXPECT_EQ(*license, SampleLicense());
}

TEST_F(LicenseTest, FileIsReadableJsonWithSortedFieldsAndBase64Signature) {
  EXPECT_THAT(text_, HasSubstr("\"customer\": \"Example Corp\""));
  EXPECT_THAT(text_, HasSubstr("\"edition\": \"ultimate\""));
  EXPECT_THAT(text_, HasSubstr("\"expiresAt\": \"2027-12-31T23:59:59Z\""));
  auto file = ParseLicenseFile(text_);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->signed_bytes,
            "{\"customer\":\"Example Corp\",\"edition\":\"ultimate\","
            "\"expiresAt\":\"2027-12-31T23:59:59Z\",\"id\":\"lic-0001\","
            "\"issuedAt\":\"2026-01-01T00:00:00Z\","
            "\"quotas\":{\"clusters\":3,\"images\":5000,\"nodes\":200}}");
  EXPECT_EQ(file->signature.size(), kSignatureSize);
}

TEST_F(LicenseTest, ReformattedFileStillVerifies) {
  Json root = *ParseJson(text_, "test");
  auto license = VerifyLicense(DumpJson(root), keys_.public_pem, now_);
  EXPECT_TRUE(license.ok()) << license.status();
}

TEST_F(LicenseTest, TamperedCustomerFailsSignature) {
  std::string tampered = absl::StrReplaceAll(text_, {{"Example Corp", "Example Corq"}});
  EXPECT_EQ(VerifyError(tampered), "license: signature does not match the public key");
}

TEST_F(LicenseTest, UpgradedEditionFailsSignature) {
  std::string tampered = Edited([](Json& license) { license["edition"] = "enterprise"; });
  EXPECT_EQ(VerifyError(tampered), "license: signature does not match the public key");
}

TEST_F(LicenseTest, RaisedQuotaFailsSignature) {
  std::string tampered = Edited([](Json& license) { license["quotas"]["nodes"] = 100000; });
  EXPECT_EQ(VerifyError(tampered), "license: signature does not match the public key");
}

TEST_F(LicenseTest, AddedFieldFailsSignature) {
  std::string tampered = Edited([](Json& license) { license["note"] = "free"; });
  EXPECT_EQ(VerifyError(tampered), "license: signature does not match the public key");
}

TEST_F(LicenseTest, WrongKeyFailsSignature) {
  auto other = GenerateKeyPair();
  ASSERT_TRUE(other.ok());
  auto result = VerifyLicense(text_, other->public_pem, now_);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(result.status().message(), "license: signature does not match the public key");
  EXPECT_EQ(VerifyLicense(text_, EmbeddedPublicKeyPem(), now_).status().message(),
            "license: signature does not match the public key");
}

TEST_F(LicenseTest, ExpiredLicenseNamesTheDay) {
  auto result = VerifyLicense(text_, keys_.public_pem, At("2028-01-01T00:00:00Z"));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(result.status().message(), "license: expired on 2027-12-31");
}

TEST_F(LicenseTest, ValidUntilTheLastSecond) {
  EXPECT_TRUE(VerifyLicense(text_, keys_.public_pem, At("2027-12-31T23:59:58Z")).ok());
  EXPECT_FALSE(VerifyLicense(text_, keys_.public_pem, At("2027-12-31T23:59:59Z")).ok());
}

TEST_F(LicenseTest, PublicKeyThatIsNotAKeyIsReported) {
  auto result = VerifyLicense(text_, "not a key", now_);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("license: public key: not a PEM public key"));
}

TEST_F(LicenseTest, PrivateKeyThatIsNotEd25519IsRefused) {
  auto result = IssueLicense(SampleLicense(), keys_.public_pem);
  EXPECT_THAT(result.status().message(),
              HasSubstr("license: private key: not an unencrypted PEM private key"));
}

TEST_F(LicenseTest, IssueRefusesInvalidFields) {
  License license = SampleLicense();
  license.customer = "";
  EXPECT_EQ(IssueLicense(license, keys_.private_pem).status().message(),
            "license: \"customer\" must be a non-empty string");
  license = SampleLicense();
  license.quotas.images = -1;
  EXPECT_EQ(IssueLicense(license, keys_.private_pem).status().message(),
            "license: \"quotas.images\" must be a non-negative integer");
  license = SampleLicense();
  license.expires_at = license.issued_at;
  EXPECT_EQ(IssueLicense(license, keys_.private_pem).status().message(),
            "license: expiresAt 2026-01-01T00:00:00Z is not after issuedAt 2026-01-01T00:00:00Z");
}

struct MalformedCase {
  const char* name;
  std::string text;
  std::string error;
};

std::string Signed(absl::string_view license_object) {
  return absl::StrCat("{\"license\": ", license_object, ", \"signature\": \"", std::string(86, 'A'),
                      "==\"}");
}

constexpr char kGoodObject[] =
    "{\"id\": \"l1\", \"customer\": \"C\", \"edition\": \"enterprise\", "
    "\"issuedAt\": \"2026-01-01T00:00:00Z\", \"expiresAt\": \"2027-01-01T00:00:00Z\", "
    "\"quotas\": {\"images\": 1, \"nodes\": 2, \"clusters\": 3}}";

std::string WithField(absl::string_view from, absl::string_view to) {
  return Signed(absl::StrReplaceAll(kGoodObject, {{from, to}}));
}

TEST(LicenseParseTest, MalformedInputsHaveExactErrors) {
  const MalformedCase cases[] = {
      {"not json", "hello",
       "license: invalid JSON at byte 1: parse error at line 1, column 1: syntax error while "
       "parsing value - invalid literal; last read: 'h'"},
      {"empty", "",
       "license: invalid JSON at byte 1: parse error at line 1, column 1: syntax error while "
       "parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"array", "[]", "license: missing the \"license\" object"},
      {"license not object", "{\"license\": 1}", "license: missing the \"license\" object"},
      {"no signature", absl::StrCat("{\"license\": ", kGoodObject, "}"),
       "license: missing \"signature\""},
      {"signature not base64",
       absl::StrCat("{\"license\": ", kGoodObject, ", \"signature\": \"%%%\"}"),
       "license: \"signature\" is not valid base64"},
      {"signature number", absl::StrCat("{\"license\": ", kGoodObject, ", \"signature\": 7}"),
       "license: \"signature\" is not valid base64"},
      {"signature short", absl::StrCat("{\"license\": ", kGoodObject, ", \"signature\": \"AAAA\"}"),
       "license: \"signature\" must be 64 bytes, not 3"},
      {"missing id", WithField("\"id\": \"l1\", ", ""), "license: missing \"id\""},
      {"empty customer", WithField("\"C\"", "\"\""),
       "license: \"customer\" must be a non-empty string"},
      {"missing customer", WithField("\"customer\": \"C\", ", ""), "license: missing \"customer\""},
      {"wrong edition", WithField("\"enterprise\"", "\"platinum\""),
       "license: unknown edition \"platinum\" (expected enterprise or ultimate)"},
      {"edition not string", WithField("\"enterprise\"", "2"),
       "license: unknown edition \"2\" (expected enterprise or ultimate)"},
      {"bad time", WithField("\"2027-01-01T00:00:00Z\"", "\"next year\""),
       "license: \"expiresAt\" must be an RFC 3339 time, not next year"},
      {"date only", WithField("\"2027-01-01T00:00:00Z\"", "\"2027-01-01\""),
       "license: \"expiresAt\" must be an RFC 3339 time, not 2027-01-01"},
      {"infinite", WithField("\"2027-01-01T00:00:00Z\"", "\"infinite-future\""),
       "license: \"expiresAt\" must be an RFC 3339 time, not infinite-future"},
      {"missing quotas",
       WithField(", \"quotas\": {\"images\": 1, \"nodes\": 2, \"clusters\": 3}", ""),
       "license: missing \"quotas\""},
      {"quotas array", WithField("{\"images\": 1, \"nodes\": 2, \"clusters\": 3}", "[]"),
       "license: \"quotas\" must be an object"},
      {"missing quota", WithField(", \"clusters\": 3", ""), "license: missing \"quotas.clusters\""},
      {"negative quota", WithField("\"nodes\": 2", "\"nodes\": -2"),
       "license: \"quotas.nodes\" must be a non-negative integer"},
      {"fractional quota", WithField("\"nodes\": 2", "\"nodes\": 2.5"),
       "license: \"quotas.nodes\" must be a non-negative integer"},
      {"expiry before issue", WithField("2027-01-01T00:00:00Z", "2025-01-01T00:00:00Z"),
       "license: expiresAt 2025-01-01T00:00:00Z is not after issuedAt 2026-01-01T00:00:00Z"},
      {"too large", std::string(kMaxLicenseFileBytes + 1, ' '),
       "license: file is larger than 64 KiB"},
  };
  for (const MalformedCase& c : cases) {
    auto result = ParseLicenseFile(c.text);
    ASSERT_FALSE(result.ok()) << c.name;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(std::string(result.status().message()), c.error) << c.name;
  }
}

TEST(LicenseParseTest, WellFormedButUnsignedFileParsesThenFailsSignature) {
  auto file = ParseLicenseFile(WithField("", ""));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->license.customer, "C");
  EXPECT_EQ(file->license.quotas, (Quotas{.images = 1, .nodes = 2, .clusters = 3}));
  EXPECT_EQ(CheckLicenseSignature(*file, EmbeddedPublicKeyPem()).message(),
            "license: signature does not match the public key");
}

TEST(EditionTest, NamesRoundTrip) {
  for (Edition edition : {Edition::kEnterprise, Edition::kUltimate}) {
    EXPECT_EQ(ParseEdition(EditionName(edition)), edition);
  }
  EXPECT_STREQ(EditionTitle(Edition::kUltimate), "Ultimate");
  EXPECT_EQ(ParseEdition("Ultimate"), std::nullopt);
}

TEST(LicenseIdTest, IsPrefixedRandomHex) {
  std::string id = *NewLicenseId();
  EXPECT_THAT(id, ::testing::MatchesRegex("lic_[0-9a-f]{16}"));
  EXPECT_NE(id, *NewLicenseId());
}

TEST(EmbeddedKeyTest, IsAnEd25519PublicKey) {
  absl::Status status =
      Verify("message", std::string(kSignatureSize, '\0'), EmbeddedPublicKeyPem());
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
}

}  // namespace
}  // namespace moat::license
