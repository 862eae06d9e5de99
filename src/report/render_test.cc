#include "report/render.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

TEST(RenderReportTest, ListsFormatsInDisplayOrder) {
  EXPECT_THAT(ReportFormats(),
              ::testing::ElementsAre("table", "json", "cyclonedx", "spdx", "sarif"));
}

TEST(RenderReportTest, DispatchesToEachWriter) {
  ScanResult result = testing::SampleScanResult();
  auto table = RenderReport(result, "table");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->rfind("Image:     ", 0), 0u);
  auto json = RenderReport(result, "json");
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"schemaVersion\": 1"), std::string::npos);
  auto cyclonedx = RenderReport(result, "cyclonedx");
  ASSERT_TRUE(cyclonedx.ok());
  EXPECT_NE(cyclonedx->find("\"bomFormat\": \"CycloneDX\""), std::string::npos);
  auto spdx = RenderReport(result, "spdx");
  ASSERT_TRUE(spdx.ok());
  EXPECT_NE(spdx->find("\"spdxVersion\": \"SPDX-2.3\""), std::string::npos);
  auto sarif = RenderReport(result, "sarif");
  ASSERT_TRUE(sarif.ok());
  EXPECT_NE(sarif->find("\"version\": \"2.1.0\""), std::string::npos);
}

TEST(RenderReportTest, PassesOptionsThrough) {
  ScanResult result = testing::SampleScanResult();
  auto with = RenderReport(result, "json");
  auto without = RenderReport(result, "json", RenderOptions{.include_files = false});
  ASSERT_TRUE(with.ok() && without.ok());
  EXPECT_NE(with->find("\"files\""), std::string::npos);
  EXPECT_EQ(without->find("\"files\""), std::string::npos);
}

TEST(RenderReportTest, UnknownFormatNamesTheValidOnes) {
  auto out = RenderReport(ScanResult{}, "xml");
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out.status().message(),
            "unknown report format \"xml\" (valid: table, json, cyclonedx, spdx, sarif)");
  EXPECT_FALSE(RenderReport(ScanResult{}, "JSON").ok());  // names are exact
}

}  // namespace
}  // namespace moat::report
