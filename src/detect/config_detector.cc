#include "detect/config_detector.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "detect/config_file_checks.h"
#include "detect/config_secrets.h"
#include "detect/history_command.h"
#include "detect/history_detector.h"
#include "detect/history_secret_checks.h"

namespace moat::detect {
namespace {

struct AdminPort {
  int port;
  absl::string_view service;
  absl::string_view severity;
};

// Ports whose service administers the machine or a cluster; exposing them from an application
// image is almost always a mistake. SSH (22) has a rule of its own.
constexpr AdminPort kAdminPorts[] = {
    {23, "Telnet", "high"},
    {2375, "Docker API without TLS", "critical"},
    {2376, "Docker API", "high"},
    {4243, "Docker API (legacy port)", "critical"},
    {2379, "etcd client API", "high"},
    {2380, "etcd peer API", "high"},
    {3389, "Remote Desktop (RDP)", "medium"},
    {5900, "VNC", "medium"},
    {5985, "WinRM over HTTP", "high"},
    {5986, "WinRM", "medium"},
    {10250, "kubelet API", "high"},
    {10255, "kubelet read-only API", "medium"},
};

Finding ConfigFinding(absl::string_view rule, absl::string_view severity, std::string title,
                      absl::string_view fix, std::string excerpt) {
  Finding f = MoatFinding(Category::kConfig, rule, severity, std::move(title), fix);
  f.evidence.excerpt = std::move(excerpt);
  return f;
}

bool IsRootUser(absl::string_view user) {
  absl::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

void CheckUser(const image::ImageConfig& c, std::vector<Finding>* out) {
  if (!IsRootUser(c.user)) return;
  out->push_back(
      ConfigFinding("MOAT-CFG-001", "high", "Image runs as root",
                    "Create an unprivileged user and switch to it with USER (e.g. USER 10001).",
                    c.user.empty() ? "USER not set" : absl::StrCat("USER ", c.user)));
}

void CheckSecrets(const image::ImageConfig& c, std::vector<Finding>* out) {
  for (const std::string& env : c.env) {
    if (!SecretAssignment(env)) continue;
    absl::string_view value = absl::string_view(env).substr(env.find('=') + 1);
    out->push_back(ConfigFinding(
        "MOAT-CFG-002", LooksLikeCredential(value) ? "critical" : "high",
        "Secret in an environment variable",
        "Remove the secret from ENV and rotate it; give it to the container at run time "
        "(a mounted secret or an orchestrator secret), never in the image.",
        absl::StrCat("ENV ", MaskedAssignment(env))));
  }
  for (const auto& [key, value] : c.labels) {
    if (!(IsSecretName(key) && IsSecretValue(value)) && !LooksLikeCredential(value)) continue;
    out->push_back(ConfigFinding("MOAT-CFG-003", LooksLikeCredential(value) ? "critical" : "high",
                                 "Secret in an image label",
                                 "Remove the secret from the label and rotate it; labels are "
                                 "public metadata of the image.",
                                 absl::StrCat("LABEL ", key, "=****")));
  }
}

// "22/tcp" -> 22; -1 when not a number.
int PortNumber(absl::string_view spec) {
  int port = -1;
  if (!absl::SimpleAtoi(spec.substr(0, spec.find('/')), &port)) return -1;
  return port;
}

void CheckPorts(const image::ImageConfig& c, std::vector<Finding>* out) {
  for (const std::string& spec : c.exposed_ports) {
    const int port = PortNumber(spec);
    if (port == 22) {
      out->push_back(ConfigFinding("MOAT-CFG-004", "medium", "SSH port exposed",
                                   "Do not run an SSH server in a container; use docker exec or "
                                   "kubectl exec to get a shell.",
                                   absl::StrCat("EXPOSE ", spec)));
      continue;
    }
    for (const AdminPort& admin : kAdminPorts) {
      if (admin.port != port) continue;
      out->push_back(ConfigFinding(
          "MOAT-CFG-005", admin.severity,
          absl::StrCat("Administrative port exposed: ", admin.service),
          "Do not expose administrative services from an application image; reach them through "
          "an authenticated, non-public path if they are needed at all.",
          absl::StrCat("EXPOSE ", spec)));
    }
  }
}

void CheckHealthcheck(const image::ImageConfig& c, std::vector<Finding>* out) {
  const bool none = !c.healthcheck.empty() && c.healthcheck[0] == "NONE";
  if (!c.healthcheck.empty() && !none) return;
  out->push_back(ConfigFinding(
      "MOAT-CFG-006", "low", "No HEALTHCHECK",
      "Add a HEALTHCHECK (or a liveness probe where the orchestrator ignores HEALTHCHECK) so a "
      "hung container is noticed and restarted.",
      none ? "HEALTHCHECK NONE" : "HEALTHCHECK not set"));
}

void CheckAddUrl(const image::ImageInfo& info, std::vector<Finding>* out) {
  std::vector<int> layers = HistoryLayers(info.history, info.layers.size());
  for (size_t i = 0; i < info.history.size(); ++i) {
    BuildStep step = ParseCreatedBy(info.history[i].created_by);
    if (step.instruction != "ADD" || !AddsUnverifiedUrl(step.text)) continue;
    Finding f = AddFromUrlFinding(CommandExcerpt({"ADD", step.text}));
    f.evidence.layer = layers[i];
    out->push_back(std::move(f));
  }
}

class ConfigDetector : public ImageDetector {
 public:
  explicit ConfigDetector(ConfigDetectorOptions options) : options_(options) {}
  absl::string_view name() const override { return "config"; }

  void Scan(const ImageScanInput& input, std::vector<Finding>* out) const override {
    const image::ImageConfig& c = input.image.config;
    CheckUser(c, out);
    CheckSecrets(c, out);
    CheckPorts(c, out);
    CheckHealthcheck(c, out);
    CheckAddUrl(input.image, out);
    if (input.files != nullptr && input.files->view != nullptr) {
      CheckConfigFiles(*input.files, options_, out);
    }
  }

 private:
  ConfigDetectorOptions options_;
};

}  // namespace

bool AddsUnverifiedUrl(absl::string_view add_arguments) {
  std::string lower = absl::AsciiStrToLower(add_arguments);
  return (absl::StrContains(lower, "http://") || absl::StrContains(lower, "https://")) &&
         !absl::StrContains(lower, "--checksum=");
}

Finding AddFromUrlFinding(std::string excerpt) {
  return ConfigFinding("MOAT-CFG-007", "medium", "ADD from a remote URL without a checksum",
                       "Use ADD --checksum=sha256:... (or download with curl over https and verify "
                       "the checksum), so a changed or hijacked download fails the build.",
                       std::move(excerpt));
}

std::unique_ptr<ImageDetector> NewConfigDetector(ConfigDetectorOptions options) {
  return std::make_unique<ConfigDetector>(options);
}

}  // namespace moat::detect
