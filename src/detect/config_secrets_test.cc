// Secret names, credential-shaped values, placeholders and masking.
#include "detect/config_secrets.h"

#include "gtest/gtest.h"

namespace moat::detect {
namespace {

TEST(ConfigSecretsTest, SecretNames) {
  for (const char* yes :
       {"PASSWORD", "DB_PASSWORD", "mysql_root_passwd", "dbPassword", "SECRET_KEY", "GITHUB_TOKEN",
        "API_KEY", "apiKey", "PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "CLIENT_SECRET", "NPM_TOKEN", "GPG_PASSPHRASE", "DB_PWD", "AZURE_CREDENTIALS"}) {
    EXPECT_TRUE(IsSecretName(yes)) << yes;
  }
  for (const char* no : {"PATH", "PWD", "OLDPWD", "PASSWORD_FILE", "TOKEN_URL", "SECRET_PATH",
                         "PASSWORD_LENGTH", "TOKENIZERS_PARALLELISM", "GPG_KEY", "NODE_VERSION",
                         "KEY", "SECRETARY", "CLIENT_ID", "TOKEN_ENDPOINT", ""}) {
    EXPECT_FALSE(IsSecretName(no)) << no;
  }
}

TEST(ConfigSecretsTest, CredentialShapes) {
  for (const char* yes :
       {"AKIAIOSFODNN7EXAMPLE", "key=AKIAIOSFODNN7EXAMPLE",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "glpat-abcdefghij0123456789",
        "xoxb-1234567890-abcdefghij", "sk_live_0123456789abcdefgh",
        "npm_0123456789abcdefghijklmnopqrstuvwxyz", "AIzaSyA0123456789abcdefghijklmnopqrstuv",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIE",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"}) {
    EXPECT_TRUE(LooksLikeCredential(yes)) << yes;
  }
  for (const char* no :
       {"AKIA", "ghp_short", "hello world", "xAKIAIOSFODNN7EXAMPLEx1", "eyJhbGciOi.x.y",
        "-----BEGIN CERTIFICATE-----\nMIIE", "/usr/local/bin:/usr/bin", ""}) {
    EXPECT_FALSE(LooksLikeCredential(no)) << no;
  }
}

TEST(ConfigSecretsTest, PlaceholdersAreNoSecretValues) {
  for (const char* yes : {"hunter2", "s3cr3t", "ab", "xyz"}) {
    EXPECT_TRUE(IsSecretValue(yes)) << yes;
  }
  for (const char* no : {"", "  ", "$DB_PASSWORD", "${TOKEN}", "<token>", "-", "changeme", "true",
                         "0", "xxxx", "****", "None"}) {
    EXPECT_FALSE(IsSecretValue(no)) << no;
  }
}

TEST(ConfigSecretsTest, Masking) {
  EXPECT_EQ(MaskSecret("hunter2"), "****");
  EXPECT_EQ(MaskSecret("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"), "ghp_****");
  EXPECT_EQ(MaskSecret(""), "****");
}

}  // namespace
}  // namespace moat::detect
