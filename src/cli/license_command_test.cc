// `moat license keygen → issue → show` run in process through RunApp on a temporary directory:
// output, exit codes and error text.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform/file_system.h"
#include "testing/paths.h"

namespace moat::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

std::string ReadAll(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), file)) > 0;) text.append(buffer, n);
  return text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class LicenseCommandTest : public ::testing::Test {
 protected:
  Result Moat(std::vector<std::string> args) {
    args.insert(args.begin(), "moat");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    Context ctx;
    ctx.fs = &fs_;
    ctx.out = std::tmpfile();
    ctx.err = std::tmpfile();
    Result result;
    result.exit_code = RunApp(static_cast<int>(argv.size()), argv.data(), ctx);
    result.out = ReadAll(ctx.out);
    result.err = ReadAll(ctx.err);
    std::fclose(ctx.out);
    std::fclose(ctx.err);
    return result;
  }

  // keygen into dir_/keys, then issue an ultimate license to dir_/license.json.
  void KeygenAndIssue() {
    Result keygen = Moat({"license", "keygen", "--out-dir", keys_});
    ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
    Result issue = Moat({"license", "issue", "--key", keys_ + "/license-private.pem", "--edition",
                         "ultimate", "--customer", "Example Corp", "--expires", "2099-12-31",
                         "--images", "5000", "--nodes", "200", "--id", "lic-42", "-o", license_});
    ASSERT_EQ(issue.exit_code, 0) << issue.err;
    EXPECT_EQ(issue.out, "Wrote " + license_ +
                             ": ultimate license lic-42 for Example Corp, expires "
                             "2099-12-31T23:59:59Z\n");
  }

  platform::PosixFileSystem fs_;
  std::string dir_ = moat::testing::MakeTempDir("license-cli");
  std::string keys_ = dir_ + "/keys";
  std::string license_ = dir_ + "/license.json";
};

TEST_F(LicenseCommandTest, KeygenWritesPrivateKey0600AndPublicKey) {
  Result result = Moat({"license", "keygen", "--out-dir", keys_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "Wrote " + keys_ + "/license-private.pem (private, keep it offline) and " +
                            keys_ + "/license-public.pem (public)\n");
  struct stat st;
  ASSERT_EQ(::stat((keys_ + "/license-private.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFile(keys_ + "/license-private.pem"), StartsWith("-----BEGIN PRIVATE KEY-----"));
  EXPECT_THAT(ReadFile(keys_ + "/license-public.pem"), StartsWith("-----BEGIN PUBLIC KEY-----"));
}

TEST_F(LicenseCommandTest, KeygenRefusesToReplaceAKey) {
  ASSERT_EQ(Moat({"license", "keygen", "--out-dir", keys_}).exit_code, 0);
  Result again = Moat({"license", "keygen", "--out-dir", keys_});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_EQ(again.err, "moat: error: writing the license key pair: " + keys_ +
                           "/license-private.pem: exists; remove it first to replace it\n");
}

TEST_F(LicenseCommandTest, IssueThenShowVerifiesWithThePublicKey) {
  KeygenAndIssue();
  Result show = Moat({"license", "show", license_, "--public-key", keys_ + "/license-public.pem"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out,
            "License:   lic-42\n"
            "Customer:  Example Corp\n"
            "Edition:   Ultimate\n" +
                show.out.substr(show.out.find("Issued:"), 32) +
                "Expires:   2099-12-31T23:59:59Z\n"
                "Quotas:    images 5000, nodes 200, clusters unlimited\n"
                "Status:    valid\n");
  EXPECT_THAT(show.out, MatchesRegex("(.|\n)*Issued:    20[0-9-]+T[0-9:]+Z\n(.|\n)*"));
  EXPECT_EQ(show.err, "");
}

TEST_F(LicenseCommandTest, ShowWithAnotherKeyIsInvalid) {
  KeygenAndIssue();
  std::string other = dir_ + "/other";
  ASSERT_EQ(Moat({"license", "keygen", "--out-dir", other}).exit_code, 0);
  Result show = Moat({"license", "show", license_, "--public-key", other + "/license-public.pem"});
  EXPECT_EQ(show.exit_code, 3);
  EXPECT_THAT(show.out, HasSubstr("Customer:  Example Corp\n"));
  EXPECT_THAT(show.out, HasSubstr("Status:    invalid\n"));
  EXPECT_EQ(show.err,
            "moat: error: " + license_ + ": license: signature does not match the public key\n");
}

TEST_F(LicenseCommandTest, ShowDefaultsToTheEmbeddedKey) {
  KeygenAndIssue();
  Result show = Moat({"license", "show", license_});
  EXPECT_EQ(show.exit_code, 3);
  EXPECT_EQ(show.err,
            "moat: error: " + license_ + ": license: signature does not match the public key\n");
}

TEST_F(LicenseCommandTest, ShowOfATamperedFileIsInvalid) {
  KeygenAndIssue();
  std::string tampered = absl::StrReplaceAll(ReadFile(license_), {{"5000", "9000"}});
  std::ofstream(license_, std::ios::trunc) << tampered;
  Result show = Moat({"license", "show", license_, "--public-key", keys_ + "/license-public.pem"});
  EXPECT_EQ(show.exit_code, 3);
  EXPECT_THAT(show.out, HasSubstr("images 9000"));
  EXPECT_THAT(show.err, HasSubstr("license: signature does not match the public key"));
}

TEST_F(LicenseCommandTest, IssueWithoutOutputPrintsTheLicense) {
  ASSERT_EQ(Moat({"license", "keygen", "--out-dir", keys_}).exit_code, 0);
  Result issue = Moat({"license", "issue", "--key", keys_ + "/license-private.pem", "--edition",
                       "enterprise", "--customer", "C", "--expires", "2099-01-01T00:00:00Z"});
  ASSERT_EQ(issue.exit_code, 0) << issue.err;
  EXPECT_THAT(issue.out, HasSubstr("\"edition\": \"enterprise\""));
  EXPECT_THAT(issue.out, MatchesRegex("(.|\n)*\"id\": \"lic_[0-9a-f]{16}\"(.|\n)*"));
  EXPECT_THAT(issue.out, HasSubstr("\"signature\": \""));
}

TEST_F(LicenseCommandTest, IssueUsageErrorsExit2) {
  ASSERT_EQ(Moat({"license", "keygen", "--out-dir", keys_}).exit_code, 0);
  std::string key = keys_ + "/license-private.pem";
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const Case cases[] = {
      {{"--edition", "platinum", "--customer", "C", "--expires", "2099-01-01"},
       "moat: error: --edition must be enterprise or ultimate, not platinum\n"},
      {{"--edition", "ultimate", "--customer", "C", "--expires", "soon"},
       "moat: error: --expires must be a date (2027-12-31) or an RFC 3339 time, not soon\n"},
      {{"--edition", "ultimate", "--customer", "C", "--expires", "2001-01-01"},
       "moat: error: --expires 2001-01-01 is in the past\n"},
      {{"--edition", "ultimate", "--customer", "C", "--expires", "2099-01-01", "--nodes", "-1"},
       "moat: error: --images, --nodes and --clusters must not be negative\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"license", "issue", "--key", key};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Result result = Moat(args);
    EXPECT_EQ(result.exit_code, 2) << c.error;
    EXPECT_EQ(result.err, c.error);
  }
  Result missing = Moat({"license", "issue", "--key", key});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, StartsWith("moat: error: "));
}

TEST_F(LicenseCommandTest, IssueWithAPublicKeyIsARuntimeError) {
  ASSERT_EQ(Moat({"license", "keygen", "--out-dir", keys_}).exit_code, 0);
  Result issue = Moat({"license", "issue", "--key", keys_ + "/license-public.pem", "--edition",
                       "ultimate", "--customer", "C", "--expires", "2099-01-01"});
  EXPECT_EQ(issue.exit_code, 3);
  EXPECT_THAT(issue.err, StartsWith("moat: error: " + keys_ +
                                    "/license-public.pem: license: private key: not an "
                                    "unencrypted PEM private key"));
}

TEST_F(LicenseCommandTest, ShowOfAMissingFileIsARuntimeError) {
  Result show = Moat({"license", "show", dir_ + "/absent.json"});
  EXPECT_EQ(show.exit_code, 3);
  EXPECT_THAT(show.err, StartsWith("moat: error: "));
  EXPECT_THAT(show.err, HasSubstr("absent.json"));
}

}  // namespace
}  // namespace moat::cli
