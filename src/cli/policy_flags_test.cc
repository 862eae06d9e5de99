#include "cli/policy_flags.h"

#include "cli/app.h"
#include "gtest/gtest.h"

namespace moat::cli {
namespace {

report::ScanResult ResultWith(std::vector<std::string> vuln_severities,
                              std::vector<std::pair<detect::Category, std::string>> findings) {
  report::ScanResult result;
  for (std::string& severity : vuln_severities) {
    vulndb::Vulnerability v;
    v.severity = std::move(severity);
    result.vulnerabilities.push_back(std::move(v));
  }
  for (auto& [category, severity] : findings) {
    detect::Finding f;
    f.category = category;
    f.severity = severity;
    result.findings.push_back(std::move(f));
  }
  return result;
}

TEST(EvaluateGateTest, NoPolicyNoGate) {
  report::ScanResult result = ResultWith({"critical"}, {});
  EXPECT_FALSE(EvaluateGate(PolicyFlags{}, result, result).has_value());
  EXPECT_EQ(PolicyExitCode(PolicyFlags{}, result, result), kExitOk);
}

TEST(EvaluateGateTest, FailOnCountsFindingsAtOrAboveTheLowestSeverity) {
  PolicyFlags flags;
  flags.fail_on = "critical,high";
  report::ScanResult result =
      ResultWith({"critical", "high", "medium"}, {{detect::Category::kSecret, "high"}});
  auto gate = EvaluateGate(flags, result, ResultWith({}, {}));
  ASSERT_TRUE(gate.has_value());
  EXPECT_TRUE(gate->failed);
  EXPECT_EQ(gate->exit_code, 1);
  EXPECT_EQ(gate->reason, "3 findings at or above high");
}

TEST(EvaluateGateTest, PassNamesTheThresholdAndExitCodeOverrides) {
  PolicyFlags flags;
  flags.fail_on = "critical";
  flags.exit_code = 5;
  report::ScanResult result = ResultWith({"high"}, {});
  auto gate = EvaluateGate(flags, result, result);
  ASSERT_TRUE(gate.has_value());
  EXPECT_FALSE(gate->failed);
  EXPECT_EQ(gate->exit_code, 0);
  EXPECT_EQ(gate->reason, "0 findings at or above critical");
  result = ResultWith({"critical"}, {});
  EXPECT_EQ(EvaluateGate(flags, result, result)->exit_code, 5);
  EXPECT_EQ(EvaluateGate(flags, result, result)->reason, "1 finding at or above critical");
}

TEST(EvaluateGateTest, CategoriesAndSeverityTogether) {
  PolicyFlags flags;
  flags.fail_on = "critical";
  flags.fail_on_category = "secret,malware";
  report::ScanResult result =
      ResultWith({"critical", "low"},
                 {{detect::Category::kSecret, "low"}, {detect::Category::kConfig, "medium"}});
  auto gate = EvaluateGate(flags, result, result);
  ASSERT_TRUE(gate.has_value());
  EXPECT_EQ(gate->reason, "2 findings at or above critical or in categories secret, malware");
}

TEST(EvaluateGateTest, ExitCodeAloneCountsWhatIsShown) {
  PolicyFlags flags;
  flags.exit_code = 4;
  report::ScanResult all = ResultWith({"critical", "low"}, {});
  report::ScanResult shown = ResultWith({"low"}, {});
  auto gate = EvaluateGate(flags, all, shown);
  ASSERT_TRUE(gate.has_value());
  EXPECT_EQ(gate->exit_code, 4);
  EXPECT_EQ(gate->reason, "1 finding shown");
}

}  // namespace
}  // namespace moat::cli
