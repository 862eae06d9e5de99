// The sensitive-file detector on Moat's fixtures: each kind of file is reported at its image
// path with a masked excerpt, and its harmless look-alikes are not.
#include "detect/sensitive_file_detector.h"

#include <fstream>
#include <sstream>

#include "detect/sensitive_file_checks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(moat::testing::FixturePath("secrets/sensitive/" + name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Finding> ScanAt(const std::string& image_path, const std::string& data) {
  auto detector = NewSensitiveFileDetector();
  image::FileRecord file;
  file.path = image_path;
  file.size = static_cast<int64_t>(data.size());
  std::vector<Finding> out;
  if (detector->Wants(file)) detector->Scan(FileScanInput{0, file, data}, &out);
  return out;
}

struct Case {
  const char* fixture;
  const char* path;  // where the image has it
  const char* rule;  // "" = no finding
  const char* severity;
  int line;
  const char* excerpt;
};

const Case kCases[] = {
    {"id_rsa", "/root/.ssh/id_rsa", "private-key-file", "high", 1,
     "-----BEGIN RSA PRIVATE KEY-----"},
    {"id_ed25519", "/home/app/.ssh/id_ed25519", "private-key-file", "high", 1,
     "-----BEGIN OPENSSH PRIVATE KEY-----"},
    {"id_ed25519_encrypted", "/home/app/.ssh/id_ed25519", "encrypted-private-key-file", "low", 1,
     "-----BEGIN OPENSSH PRIVATE KEY-----"},
    {"key_encrypted.pem", "/etc/app/tls.key", "encrypted-private-key-file", "low", 1,
     "-----BEGIN ENCRYPTED PRIVATE KEY-----"},
    {"legacy_encrypted.pem", "/etc/app/tls.key", "encrypted-private-key-file", "low", 1,
     "-----BEGIN RSA PRIVATE KEY-----"},
    {"cert.pem", "/etc/app/tls.crt", "", "", 0, ""},
    {"id_rsa", "/usr/share/doc/openssh/examples/id_rsa", "", "", 0, ""},
    {"aws_credentials", "/root/.aws/credentials", "aws-credentials-file", "critical", 4,
     "aws_secret_access_key=****"},
    {"aws_config_only", "/root/.aws/credentials", "", "", 0, ""},
    {"application_default_credentials.json",
     "/root/.config/gcloud/application_default_credentials.json", "gcloud-credentials", "high", 4,
     "\"refresh_token\": \"****\""},
    {"credentials.db", "/root/.config/gcloud/credentials.db", "gcloud-credentials", "high", 0,
     "SQLite database of gcloud credentials"},
    {"accessTokens.json", "/root/.azure/accessTokens.json", "azure-credentials", "high", 4,
     "\"accessToken\": \"****\""},
    {"kubeconfig", "/root/.kube/config", "kubeconfig-credentials", "high", 10, "token: ****"},
    {"kubeconfig_exec", "/root/.kube/config", "", "", 0, ""},
    {"docker_config.json", "/root/.docker/config.json", "docker-config-auth", "high", 4,
     "\"registry.example.org\": {\"auth\": \"****\"}"},
    {"docker_config_helper.json", "/root/.docker/config.json", "", "", 0, ""},
    {"npmrc", "/app/.npmrc", "npmrc-credentials", "high", 2,
     "//registry.npmjs.org/:_authToken=****"},
    {"npmrc_env", "/app/.npmrc", "", "", 0, ""},
    {"pypirc", "/root/.pypirc", "pypirc-credentials", "high", 6, "password=****"},
    {"git-credentials", "/root/.git-credentials", "git-credentials", "high", 1,
     "https://deploy:****@git.example.org"},
    {"shadow", "/etc/shadow", "shadow-password-hash", "medium", 3, "app:****"},
    {"shadow_locked", "/etc/shadow", "", "", 0, ""},
    {"dotenv", "/app/.env", "dotenv-file", "medium", 3, "DATABASE_URL=****"},
    {"dotenv", "/opt/legacy/deploy.env", "dotenv-file", "medium", 3, "DATABASE_URL=****"},
    {"dotenv", "/app/.env.example", "", "", 0, ""},
    {"dotenv_empty", "/app/.env", "", "", 0, ""},
    {"dump.sql", "/srv/backup/dump.sql", "database-dump", "medium", 3, "INSERT INTO users"},
    {"schema.sql", "/srv/app/schema.sql", "database-dump", "low", 1,
     "CREATE TABLE users (id int, email text);"},
    {"app.sqlite", "/srv/app/data/app.sqlite", "sqlite-database", "low", 0, "SQLite database"},
    {"app.sqlite", "/var/lib/rpm/rpmdb.sqlite", "", "", 0, ""},
    {"keystore.jks", "/opt/app/conf/keystore.jks", "keystore-file", "medium", 0,
     "Java keystore (JKS)"},
    {"not_a_keystore.p12", "/opt/app/conf/client.p12", "", "", 0, ""},
};

TEST(SensitiveFileDetectorTest, ReportsEachKindAndNotItsLookAlikes) {
  for (const Case& c : kCases) {
    const std::string data = ReadFixture(c.fixture);
    ASSERT_FALSE(data.empty()) << c.fixture;
    std::vector<Finding> findings = ScanAt(c.path, data);
    if (std::string(c.rule).empty()) {
      EXPECT_TRUE(findings.empty())
          << c.fixture << " at " << c.path << ": " << (findings.empty() ? "" : findings[0].rule_id);
      continue;
    }
    ASSERT_EQ(findings.size(), 1u) << c.fixture << " at " << c.path;
    const Finding& f = findings[0];
    EXPECT_EQ(f.category, Category::kSensitiveFile);
    EXPECT_EQ(f.rule_id, c.rule) << c.fixture;
    EXPECT_EQ(f.severity, c.severity) << c.fixture;
    EXPECT_EQ(f.evidence.path, c.path);
    EXPECT_EQ(f.evidence.line, c.line) << c.fixture;
    EXPECT_EQ(f.evidence.excerpt, c.excerpt) << c.fixture;
    EXPECT_FALSE(f.fix.empty());
    EXPECT_EQ(f.source, "moat");
  }
}

TEST(SensitiveFileDetectorTest, WantsSmallFilesAndKnownNamesOnly) {
  auto detector = NewSensitiveFileDetector();
  image::FileRecord file;
  file.path = "/usr/bin/big";
  file.size = 10 << 20;
  EXPECT_FALSE(detector->Wants(file));
  file.path = "/srv/backup/huge.sql";
  EXPECT_TRUE(detector->Wants(file));
  file.size = 100;
  file.path = "/app/tests/id_rsa";
  EXPECT_FALSE(detector->Wants(file));
  file.path = "/app/id_rsa";
  EXPECT_TRUE(detector->Wants(file));
  file.type = image::EntryType::kSymlink;
  EXPECT_FALSE(detector->Wants(file));
}

TEST(SensitiveFileDetectorTest, OpenSshCipherIsReadFromTheKeyBlob) {
  EXPECT_FALSE(OpenSshKeyEncrypted(ReadFixture("id_ed25519")));
  EXPECT_TRUE(OpenSshKeyEncrypted(ReadFixture("id_ed25519_encrypted")));
  EXPECT_FALSE(OpenSshKeyEncrypted("-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n"));
  EXPECT_FALSE(OpenSshKeyEncrypted(""));
}

}  // namespace
}  // namespace moat::detect
