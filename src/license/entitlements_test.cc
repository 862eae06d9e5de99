#include "license/entitlements.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::license {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EntitlementsTest, UltimateOnlyFeaturesAreDeniedToEnterprise) {
  EXPECT_FALSE(Allows(Edition::kEnterprise, Feature::kMicrosegmentation));
  EXPECT_FALSE(Allows(Edition::kEnterprise, Feature::kHostProtection));
  EXPECT_TRUE(Allows(Edition::kUltimate, Feature::kMicrosegmentation));
  EXPECT_TRUE(Allows(Edition::kUltimate, Feature::kHostProtection));
}

TEST(EntitlementsTest, FeatureSetsPerEdition) {
  EXPECT_THAT(Entitlements(Edition::kEnterprise), IsEmpty());
  EXPECT_THAT(Entitlements(Edition::kUltimate),
              ElementsAre(Feature::kMicrosegmentation, Feature::kHostProtection));
}

TEST(EntitlementsTest, MessagesNameTheEdition) {
  EXPECT_EQ(RequiredEditionMessage(Feature::kMicrosegmentation),
            "microsegmentation requires the Ultimate edition");
  EXPECT_EQ(RequiredEditionMessage(Feature::kHostProtection),
            "host protection requires the Ultimate edition");
  EXPECT_EQ(RequiredEdition(Feature::kHostProtection), Edition::kUltimate);
}

}  // namespace
}  // namespace moat::license
