// The command-check table on RUN scripts: every history rule fires on its positive case with the
// expected excerpt (secrets masked) and stays quiet on a near miss.
#include "detect/history_checks.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "rule-id: excerpt" for every issue, in table order.
std::vector<std::string> Issues(const std::string& text, CommandContext context,
                                std::vector<std::string> build_args = {}) {
  RunScript script{text, SplitShellScript(text), std::move(build_args), false};
  std::vector<std::string> out;
  for (const CommandIssue& i : CheckRunScript(script, context)) {
    absl::string_view id = context == CommandContext::kDockerfile && !i.rule->dockerfile_id.empty()
                               ? i.rule->dockerfile_id
                               : i.rule->history_id;
    out.push_back(absl::StrCat(id, ": ", i.excerpt));
  }
  return out;
}

std::vector<std::string> History(const std::string& text,
                                 std::vector<std::string> build_args = {}) {
  return Issues(text, CommandContext::kHistory, std::move(build_args));
}

struct Case {
  const char* script;
  std::vector<std::string> expected;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(History(c.script), c.expected) << c.script;
  }
}

TEST(HistoryChecksTest, PipeToShell) {
  RunCases({
      {"curl -fsSL https://x.io/i.sh | sh", {"MOAT-HIST-001: curl -fsSL https://x.io/i.sh | sh"}},
      {"wget -qO- https://x.io/i | sudo -E bash -",
       {"MOAT-HIST-001: wget -qO- https://x.io/i | sudo -E bash -",
        "MOAT-HIST-007: sudo -E bash -"}},
      {"sh -c \"$(curl -fsSL https://x.io/i.sh)\"",
       {"MOAT-HIST-001: sh -c $(curl -fsSL https://x.io/i.sh)"}},
      {"curl -fsSL https://x.io/i | tee /tmp/i | python3",
       {"MOAT-HIST-001: curl -fsSL https://x.io/i | python3"}},
      // Near misses: download to a file and run it; a pipe into grep; sh after a separator.
      {"curl -fsSLo i.sh https://x.io/i.sh && sh i.sh", {}},
      {"curl -s https://x.io | grep x", {}},
      {"curl -o x https://x.io; sh x", {}},
  });
}

TEST(HistoryChecksTest, PlainHttpDownloads) {
  RunCases({
      {"curl -o /x http://example.com/x", {"MOAT-HIST-002: curl -o /x http://example.com/x"}},
      {"wget HTTP://Example.com/x", {"MOAT-HIST-002: wget HTTP://Example.com/x"}},
      {"git clone http://git.example.com/r.git",
       {"MOAT-HIST-002: git clone http://git.example.com/r.git"}},
      {"curl -o /x https://example.com/x", {}},
      {"curl http://localhost:8080/health", {}},
      {"echo http://example.com", {}},
  });
}

TEST(HistoryChecksTest, WorldWritableChmod) {
  RunCases({
      {"chmod 777 /app", {"MOAT-HIST-003: chmod 777 /app"}},
      {"chmod -R 0666 /data", {"MOAT-HIST-003: chmod -R 0666 /data"}},
      {"chmod a+rwx /app", {"MOAT-HIST-003: chmod a+rwx /app"}},
      {"chmod u+x,o+w /app", {"MOAT-HIST-003: chmod u+x,o+w /app"}},
      {"chmod 1777 /tmp/cache", {}},
      {"chmod 755 /app", {}},
      {"chmod +x /app", {}},
      {"chmod go-w /app", {}},
  });
}

TEST(HistoryChecksTest, TlsVerificationOff) {
  RunCases({
      {"curl -k https://x", {"MOAT-HIST-004: curl -k https://x"}},
      {"curl -fsSLk https://x", {"MOAT-HIST-004: curl -fsSLk https://x"}},
      {"curl --insecure https://x", {"MOAT-HIST-004: curl --insecure https://x"}},
      {"wget --no-check-certificate https://x",
       {"MOAT-HIST-004: wget --no-check-certificate https://x"}},
      {"npm config set strict-ssl false", {"MOAT-HIST-004: npm config set strict-ssl false"}},
      {"yarn config set strict-ssl false", {"MOAT-HIST-004: yarn config set strict-ssl false"}},
      {"git config --global http.sslVerify false",
       {"MOAT-HIST-004: git config --global http.sslVerify false"}},
      {"GIT_SSL_NO_VERIFY=1 git clone https://x/r", {"MOAT-HIST-004: git clone https://x/r"}},
      {"export NODE_TLS_REJECT_UNAUTHORIZED=0",
       {"MOAT-HIST-004: export NODE_TLS_REJECT_UNAUTHORIZED=0"}},
      // -o takes a value: the k is the output file's name.
      {"curl -ok https://x", {}},
      {"git config --global http.sslVerify true", {}},
      {"export NODE_TLS_REJECT_UNAUTHORIZED=1", {}},
  });
  EXPECT_THAT(History("pip install --trusted-host pypi.example.com --no-cache-dir flask==3.0"),
              ElementsAre("MOAT-HIST-004: pip install --trusted-host pypi.example.com "
                          "--no-cache-dir flask==3.0"));
}

TEST(HistoryChecksTest, UnpinnedPackages) {
  RunCases({
      {"apk add --no-cache curl=8.5.0-r0 bash",
       {"MOAT-HIST-005: apk add --no-cache curl=8.5.0-r0 bash"}},
      {"pip install --no-cache-dir flask", {"MOAT-HIST-005: pip install --no-cache-dir flask"}},
      {"python3 -m pip install --no-cache-dir 'flask>=2'",
       {"MOAT-HIST-005: python3 -m pip install --no-cache-dir flask>=2"}},
      {"npm install -g yarn", {"MOAT-HIST-005: npm install -g yarn"}},
      {"npm i -g @angular/cli", {"MOAT-HIST-005: npm i -g @angular/cli"}},
      {"gem install rack", {"MOAT-HIST-005: gem install rack"}},
      {"yum install -y httpd && yum clean all", {"MOAT-HIST-005: yum install -y httpd"}},
      // Pinned, local, or from a requirements file.
      {"apk add --no-cache --virtual .deps curl=8.5.0-r0", {}},
      {"pip install --no-cache-dir -r requirements.txt flask==3.0.0 ./pkg", {}},
      {"npm install -g yarn@1.22.19 @angular/cli@17.0.0", {}},
      {"npm install", {}},
      {"gem install rack -v 2.2.8", {}},
      {"gem install rack:2.2.8", {}},
      {"yum install -y httpd-2.4.57 && yum clean all", {}},
  });
}

TEST(HistoryChecksTest, AptUnpinnedAndListsLeftBehind) {
  EXPECT_THAT(History("apt-get update && apt-get install -y curl"),
              ElementsAre("MOAT-HIST-005: apt-get install -y curl",
                          "MOAT-HIST-008: apt-get install -y curl"));
  EXPECT_THAT(History("apt-get update && apt-get install -y curl=7.88.1-10 && "
                      "rm -rf /var/lib/apt/lists/*"),
              IsEmpty());
}

TEST(HistoryChecksTest, SecretsAreFoundAndMasked) {
  RunCases({
      {"docker login --password hunter2x -u me registry",
       {"MOAT-HIST-006: docker login --password **** -u me registry"}},
      {"mytool --token=s3cr3tvalue run", {"MOAT-HIST-006: mytool --token=**** run"}},
      {"curl -u admin:Passw0rd! -o /x https://x/y",
       {"MOAT-HIST-006: curl -u admin:**** -o /x https://x/y"}},
      {"git clone https://bob:gh0stpass@git.example.com/r.git",
       {"MOAT-HIST-006: git clone https://bob:****@git.example.com/r.git"}},
      {"DB_PASSWORD=hunter2 ./migrate", {"MOAT-HIST-006: DB_PASSWORD=**** ./migrate"}},
      {"export API_KEY=abcdef123456", {"MOAT-HIST-006: export API_KEY=****"}},
      {"echo ghp_0123456789abcdefghijklmnopqrstuvwxyzAB > /t",
       {"MOAT-HIST-006: echo ghp_**** > /t"}},
      {"mysql -uroot -pS3cret db", {"MOAT-HIST-006: mysql -uroot -p**** db"}},
      // References, placeholders and stdin are no secrets.
      {"docker login --password-stdin -u me", {}},
      {"docker build --secret id=npm,src=/run/npmrc .", {}},
      {"mytool --token=$TOKEN run", {}},
      {"DB_PASSWORD_FILE=/run/secrets/db ./migrate", {}},
      {"git clone https://git.example.com/r.git", {}},
  });
  EXPECT_THAT(History("make", {"PASSWORD=hunter2", "VERSION=1.0"}),
              ElementsAre("MOAT-HIST-006: PASSWORD=****"));
}

TEST(HistoryChecksTest, SudoAndCaches) {
  RunCases({
      {"sudo make install", {"MOAT-HIST-007: sudo make install"}},
      {"echo sudo", {}},
      {"apk add curl=8.5.0-r0", {"MOAT-HIST-008: apk add curl=8.5.0-r0"}},
      {"pip install flask==3.0", {"MOAT-HIST-008: pip install flask==3.0"}},
      {"PIP_NO_CACHE_DIR=1 pip install flask==3.0", {}},
      {"dnf install -y httpd-2.4.57", {"MOAT-HIST-008: dnf install -y httpd-2.4.57"}},
      {"dnf install -y httpd-2.4.57 && dnf clean all", {}},
      {"microdnf install httpd-2.4.57", {"MOAT-HIST-008: microdnf install httpd-2.4.57"}},
      {"microdnf install httpd-2.4.57 && microdnf clean all", {}},
      {"zypper install -y vim=9.0", {"MOAT-HIST-008: zypper install -y vim=9.0"}},
      {"zypper install -y vim=9.0 && zypper clean -a", {}},
      {"yum install -y httpd-2.4.57 && rm -rf /var/cache/yum", {}},
  });
}

TEST(HistoryChecksTest, DockerfileOnlyRulesStayOutOfHistory) {
  EXPECT_THAT(History("cd /app"), IsEmpty());
  EXPECT_THAT(Issues("cd /app && sudo make", CommandContext::kDockerfile),
              ElementsAre("MOAT-DS-010: sudo make", "MOAT-DS-013: cd /app"));
}

TEST(HistoryChecksTest, AssignmentsFromEnvAndArg) {
  std::vector<CommandIssue> issues;
  CheckAssignment("GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", &issues);
  CheckAssignment("GIT_SSL_NO_VERIFY=true", &issues);
  CheckAssignment("PATH=/usr/bin", &issues);
  CheckAssignment("PASSWORD=", &issues);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].rule->history_id, "MOAT-HIST-006");
  EXPECT_EQ(issues[0].excerpt, "GITHUB_TOKEN=****");
  EXPECT_EQ(issues[1].rule->history_id, "MOAT-HIST-004");
  EXPECT_EQ(issues[1].excerpt, "GIT_SSL_NO_VERIFY=true");
}

TEST(HistoryChecksTest, RuleTableIdsAreWellFormed) {
  for (const CommandRule& r : CommandRules()) {
    EXPECT_TRUE(!r.history_id.empty() || !r.dockerfile_id.empty());
    EXPECT_FALSE(r.title.empty());
    EXPECT_FALSE(r.fix.empty());
    EXPECT_THAT(std::string(r.severity), ::testing::AnyOf("critical", "high", "medium", "low"));
  }
  EXPECT_NE(FindCommandRule("MOAT-HIST-006"), nullptr);
  EXPECT_EQ(FindCommandRule("MOAT-HIST-999"), nullptr);
}

}  // namespace
}  // namespace moat::detect
