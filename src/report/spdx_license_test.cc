#include "report/spdx_license.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace moat::report {
namespace {

TEST(SpdxLicenseTest, CanonicalIdIsCaseInsensitive) {
  EXPECT_EQ(CanonicalSpdxLicenseId("MIT"), "MIT");
  EXPECT_EQ(CanonicalSpdxLicenseId("apache-2.0"), "Apache-2.0");
  EXPECT_EQ(CanonicalSpdxLicenseId("bsd-3-clause"), "BSD-3-Clause");
  EXPECT_EQ(CanonicalSpdxLicenseId("GPL-2.0"), "GPL-2.0");  // deprecated ids stay valid
  EXPECT_EQ(CanonicalSpdxLicenseId("0bsd"), "0BSD");
  EXPECT_EQ(CanonicalSpdxLicenseId("zlib"), "Zlib");
  EXPECT_EQ(CanonicalSpdxLicenseId("Expat"), "");
  EXPECT_EQ(CanonicalSpdxLicenseId(""), "");
  EXPECT_EQ(CanonicalSpdxLicenseId("MIT OR Apache-2.0"), "");
}

struct ExpressionCase {
  const char* in;
  std::optional<std::string> want;
};

class ToSpdxExpressionTest : public ::testing::TestWithParam<ExpressionCase> {};

TEST_P(ToSpdxExpressionTest, Converts) {
  EXPECT_EQ(ToSpdxExpression(GetParam().in), GetParam().want) << GetParam().in;
}

const ExpressionCase kExpressionCases[] = {
    {"MIT", "MIT"},
    {"  mit ", "MIT"},
    {"GPL-2.0+", "GPL-2.0+"},
    {"GPL-2+", "GPL-2.0-or-later"},
    {"GPLv2+ and LGPLv2+", "GPL-2.0-or-later AND LGPL-2.0-or-later"},
    {"Expat", "MIT"},
    {"Apache License, Version 2.0", "Apache-2.0"},
    {"mit or apache-2.0", "MIT OR Apache-2.0"},
    {"(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"},
    {"((MIT))", "((MIT))"},
    {"GPL-3.0-or-later WITH GCC-exception-3.1", "GPL-3.0-or-later WITH GCC-exception-3.1"},
    {"GPL-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"},
    {"LicenseRef-Custom.1", "LicenseRef-Custom.1"},
    {"BSD", std::nullopt},
    {"public-domain", std::nullopt},
    {"MIT AND", std::nullopt},
    {"AND MIT", std::nullopt},
    {"(MIT", std::nullopt},
    {"MIT)", std::nullopt},
    {"MIT WITH MIT", std::nullopt},
    {"MIT WITH", std::nullopt},
    {"MIT Apache-2.0", std::nullopt},
    {"LicenseRef-", std::nullopt},
    {"LicenseRef-a_b", std::nullopt},
    {"", std::nullopt},
    {"   ", std::nullopt},
};

INSTANTIATE_TEST_SUITE_P(Table, ToSpdxExpressionTest, ::testing::ValuesIn(kExpressionCases));

TEST(SpdxLicenseTest, DeepNestingIsRejectedNotRecursedForever) {
  std::string deep = std::string(200, '(') + "MIT" + std::string(200, ')');
  EXPECT_EQ(ToSpdxExpression(deep), std::nullopt);
  std::string fine = std::string(10, '(') + "MIT" + std::string(10, ')');
  EXPECT_EQ(ToSpdxExpression(fine), fine);
  std::string huge(5000, 'a');
  EXPECT_EQ(ToSpdxExpression(huge), std::nullopt);
}

TEST(SpdxLicenseTest, SingleLicenseHasNoOperators) {
  EXPECT_TRUE(IsSingleLicense("MIT"));
  EXPECT_TRUE(IsSingleLicense("GPL-2.0+"));
  EXPECT_FALSE(IsSingleLicense("MIT OR Apache-2.0"));
  EXPECT_FALSE(IsSingleLicense("(MIT)"));
  EXPECT_FALSE(IsSingleLicense(""));
}

}  // namespace
}  // namespace moat::report
