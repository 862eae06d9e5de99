#include "license/license_state.h"

#include "gtest/gtest.h"
#include "license/ed25519.h"

namespace moat::license {
namespace {

class LicenseStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = *GenerateKeyPair();
    License license;
    license.id = "l1";
    license.customer = "Example Corp";
    license.edition = Edition::kUltimate;
    license.issued_at = absl::FromUnixSeconds(1767225600);   // 2026-01-01
    license.expires_at = absl::FromUnixSeconds(1798761600);  // 2027-01-01
    text_ = *IssueLicense(license, keys_.private_pem);
  }

  KeyPair keys_;
  std::string text_;
  absl::Time now_ = absl::FromUnixSeconds(1780000000);  // mid-2026
};

TEST_F(LicenseStateTest, NoLicenseIsEnterpriseWithoutError) {
  LicenseState state = EvaluateLicense(std::nullopt, keys_.public_pem, now_);
  EXPECT_EQ(state.edition, Edition::kEnterprise);
  EXPECT_TRUE(state.status.ok());
  EXPECT_FALSE(state.license.has_value());
  EXPECT_FALSE(state.licensed());
}

TEST_F(LicenseStateTest, ValidLicenseGrantsItsEdition) {
  LicenseState state = EvaluateLicense(text_, keys_.public_pem, now_);
  EXPECT_EQ(state.edition, Edition::kUltimate);
  EXPECT_TRUE(state.status.ok()) << state.status;
  EXPECT_TRUE(state.licensed());
  EXPECT_EQ(state.license->customer, "Example Corp");
}

TEST_F(LicenseStateTest, ExpiredLicenseFallsBackToEnterpriseAndKeepsTheError) {
  LicenseState state = EvaluateLicense(text_, keys_.public_pem, absl::FromUnixSeconds(1800000000));
  EXPECT_EQ(state.edition, Edition::kEnterprise);
  EXPECT_EQ(state.status.message(), "license: expired on 2027-01-01");
  ASSERT_TRUE(state.license.has_value());
  EXPECT_EQ(state.license->edition, Edition::kUltimate);
  EXPECT_FALSE(state.licensed());
}

TEST_F(LicenseStateTest, LicenseSignedByAnotherKeyFallsBackToEnterprise) {
  LicenseState state = EvaluateLicense(text_, GenerateKeyPair()->public_pem, now_);
  EXPECT_EQ(state.edition, Edition::kEnterprise);
  EXPECT_EQ(state.status.message(), "license: signature does not match the public key");
}

TEST_F(LicenseStateTest, GarbageFallsBackToEnterprise) {
  LicenseState state = EvaluateLicense("{", keys_.public_pem, now_);
  EXPECT_EQ(state.edition, Edition::kEnterprise);
  EXPECT_FALSE(state.status.ok());
  EXPECT_FALSE(state.license.has_value());
}

}  // namespace
}  // namespace moat::license
