#include "detect/sensitive_file_detector.h"

#include "absl/strings/match.h"
#include "detect/sensitive_file_checks.h"

namespace moat::detect {
namespace {

// Files read for content sniffing (private keys) whatever their name.
constexpr int64_t kSniffMaxSize = 64 << 10;

absl::string_view BaseName(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

bool HasExtension(absl::string_view base, std::initializer_list<absl::string_view> exts) {
  for (absl::string_view e : exts) {
    if (absl::EndsWithIgnoreCase(base, e)) return true;
  }
  return false;
}

using PathTest = bool (*)(absl::string_view path, absl::string_view base);

struct SensitiveRule {
  const char* id;
  const char* title;
  const char* severity;
  const char* fix;
  PathTest path;  // null: any file up to kSniffMaxSize, recognised by content alone
  SensitiveCheck check;
};

constexpr char kRemoveFix[] =
    "remove the file from the image (and from every layer: delete it in the same RUN step that "
    "created it, or use a multi-stage build); mount it at runtime from a secret store; rotate "
    "what it holds";

const SensitiveRule kRules[] = {
    {"private-key-file", "Unencrypted private key", "high", kRemoveFix, nullptr,
     CheckUnencryptedPrivateKey},
    {"encrypted-private-key-file", "Passphrase-protected private key", "low", kRemoveFix, nullptr,
     CheckEncryptedPrivateKey},
    {"aws-credentials-file", "AWS credentials file", "critical", kRemoveFix,
     [](absl::string_view p, absl::string_view) { return absl::EndsWith(p, "/.aws/credentials"); },
     CheckAwsCredentials},
    {"gcloud-credentials", "Google Cloud SDK credentials", "high", kRemoveFix,
     [](absl::string_view p, absl::string_view b) {
       return absl::StrContains(p, "/gcloud/") &&
              (b == "application_default_credentials.json" || b == "credentials.db" ||
               b == "access_tokens.db" || b == "adc.json");
     },
     CheckGcloudCredentials},
    {"azure-credentials", "Azure CLI tokens", "high", kRemoveFix,
     [](absl::string_view p, absl::string_view b) {
       return absl::StrContains(p, "/.azure/") &&
              (b == "accessTokens.json" || b == "msal_token_cache.json" ||
               b == "service_principal_entries.json");
     },
     CheckAzureTokens},
    {"kubeconfig-credentials", "Kubernetes config with credentials", "high", kRemoveFix,
     [](absl::string_view p, absl::string_view b) {
       return absl::EndsWith(p, "/.kube/config") || b == "kubeconfig" ||
              absl::EndsWith(b, ".kubeconfig") ||
              (absl::StartsWith(p, "/etc/kubernetes/") && absl::EndsWith(b, ".conf"));
     },
     CheckKubeconfig},
    {"docker-config-auth", "Docker registry credentials", "high",
     "remove the file from the image; log in to registries at runtime or use a credential helper",
     [](absl::string_view p, absl::string_view b) {
       return absl::EndsWith(p, "/.docker/config.json") || b == ".dockercfg";
     },
     CheckDockerConfig},
    {"npmrc-credentials", "npm registry token in .npmrc", "high",
     "remove .npmrc from the image (use a build secret: RUN --mount=type=secret); rotate the token",
     [](absl::string_view, absl::string_view b) { return b == ".npmrc"; }, CheckNpmrc},
    {"pypirc-credentials", "PyPI password in .pypirc", "high", kRemoveFix,
     [](absl::string_view, absl::string_view b) { return b == ".pypirc"; }, CheckPypirc},
    {"git-credentials", "Git credential store", "high", kRemoveFix,
     [](absl::string_view, absl::string_view b) { return b == ".git-credentials"; },
     CheckGitCredentials},
    {"shadow-password-hash", "Password hashes in /etc/shadow", "medium",
     "lock the accounts (passwd -l) or set the password at runtime; do not bake passwords into "
     "images",
     [](absl::string_view p, absl::string_view) {
       return p == "/etc/shadow" || p == "/etc/shadow-";
     },
     CheckShadow},
    {"dotenv-file", "Environment file with values", "medium",
     "remove the .env file from the image; pass configuration at runtime (environment, secret "
     "store)",
     [](absl::string_view, absl::string_view b) {
       if (HasExtension(b, {".example", ".sample", ".template", ".dist", ".defaults"}))
         return false;
       return b == ".env" || absl::StartsWith(b, ".env.") || absl::EndsWith(b, ".env");
     },
     CheckDotenv},
    {"database-dump", "Database dump", "medium",
     "remove the dump from the image; load data at runtime from a protected location",
     [](absl::string_view, absl::string_view b) { return HasExtension(b, {".sql"}); },
     CheckSqlDump},
    {"sqlite-database", "SQLite database file", "low",
     "check that the database holds no user data or credentials; create it at runtime instead",
     [](absl::string_view p, absl::string_view b) {
       for (absl::string_view system : {"/var/lib/", "/usr/lib/", "/usr/share/", "/var/cache/",
                                        "/etc/pki/", "/usr/local/lib/"}) {
         if (absl::StartsWith(p, system)) return false;
       }
       return HasExtension(b, {".sqlite", ".sqlite3", ".db", ".db3"});
     },
     CheckSqliteDatabase},
    {"keystore-file", "Keystore with private keys", "medium", kRemoveFix,
     [](absl::string_view, absl::string_view b) {
       return HasExtension(b, {".jks", ".keystore", ".p12", ".pfx", ".jceks"});
     },
     CheckKeystore},
};

// Documentation, tests and examples ship sample keys and configs on purpose.
bool SampleLocation(absl::string_view path) {
  for (absl::string_view dir : {"/test/", "/tests/", "/testdata/", "/testing/", "/example/",
                                "/examples/", "/fixtures/", "/usr/share/doc/"}) {
    if (absl::StrContains(path, dir)) return true;
  }
  return false;
}

class SensitiveFileDetector : public FileDetector {
 public:
  absl::string_view name() const override { return "sensitive"; }

  bool Wants(const image::FileRecord& file) const override {
    if (!file.IsRegular() || file.size <= 0 || SampleLocation(file.path)) return false;
    if (file.size <= kSniffMaxSize) return true;
    const absl::string_view base = BaseName(file.path);
    for (const SensitiveRule& rule : kRules) {
      if (rule.path != nullptr && rule.path(file.path, base)) return true;
    }
    return false;
  }

  void Scan(const FileScanInput& input, std::vector<Finding>* out) const override {
    const absl::string_view path = input.file.path;
    const absl::string_view base = BaseName(path);
    const bool small = input.data.size() <= static_cast<size_t>(kSniffMaxSize);
    for (const SensitiveRule& rule : kRules) {
      if (rule.path == nullptr ? !small : !rule.path(path, base)) continue;
      std::optional<SensitiveHit> hit = rule.check(input.data);
      if (!hit) continue;
      out->push_back(MakeFinding(rule, input, *hit));
      return;  // one finding per file: the first rule that applies
    }
  }

 private:
  static Finding MakeFinding(const SensitiveRule& rule, const FileScanInput& input,
                             SensitiveHit& hit) {
    Finding f = MoatFinding(Category::kSensitiveFile, rule.id,
                            hit.severity.empty() ? rule.severity : hit.severity,
                            std::string(rule.title), rule.fix);
    f.description = std::string(rule.title) + " shipped in the image.";
    f.evidence.layer = input.layer;
    f.evidence.path = input.file.path;
    f.evidence.line = hit.line;
    f.evidence.excerpt = std::move(hit.excerpt);
    return f;
  }
};

}  // namespace

std::unique_ptr<FileDetector> NewSensitiveFileDetector() {
  return std::make_unique<SensitiveFileDetector>();
}

}  // namespace moat::detect
