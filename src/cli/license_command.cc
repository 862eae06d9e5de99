// `moat license keygen|issue|show`: the license signing key pair, issuing signed license files
// and checking one (format: docs/formats/license.md).
#include <unistd.h>

#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "common/path.h"
#include "common/status.h"
#include "license/ed25519.h"
#include "license/embedded_key.h"
#include "license/license.h"
#include "license/license_state.h"
#include "platform/clock.h"
#include "vulndb/file_install.h"

namespace moat::cli {
namespace {

constexpr size_t kMaxKeyFileBytes = 64 << 10;

struct KeygenFlags {
  std::string out_dir;
};

struct IssueFlags {
  std::string key;
  std::string edition;
  std::string customer;
  std::string expires;
  int64_t images = 0;
  int64_t nodes = 0;
  int64_t clusters = 0;
  std::string id;
  std::string output;
};

struct ShowFlags {
  std::string file;
  std::string public_key;
};

int UsageError(const Context& ctx, absl::string_view message) {
  std::fprintf(ctx.err, "moat: error: %s\n", std::string(message).c_str());
  return kExitUsage;
}

// Writes `text` to `path` through a temporary file with `mode`; refuses to replace a file.
absl::Status WriteNewFile(const std::string& path, absl::string_view text, int mode) {
  if (::access(path.c_str(), F_OK) == 0) {
    return absl::AlreadyExistsError(absl::StrCat(path, ": exists; remove it first to replace it"));
  }
  MOAT_ASSIGN_OR_RETURN(auto file, vulndb::TempFile::CreateBeside(path, mode));
  MOAT_RETURN_IF_ERROR(file->Write(text));
  return file->Install();
}

int RunKeygen(Context& ctx, const KeygenFlags& flags) {
  std::string private_path = PathJoin(flags.out_dir, "license-private.pem");
  std::string public_path = PathJoin(flags.out_dir, "license-public.pem");
  absl::Status status = vulndb::MakeDirs(flags.out_dir);
  absl::StatusOr<license::KeyPair> pair = license::GenerateKeyPair();
  if (status.ok()) status = pair.status();
  if (status.ok()) status = WriteNewFile(private_path, pair->private_pem, 0600);
  if (status.ok()) status = WriteNewFile(public_path, pair->public_pem, 0644);
  if (!status.ok()) return ReportError(ctx, Annotate(status, "writing the license key pair"));
  std::fprintf(ctx.out, "Wrote %s (private, keep it offline) and %s (public)\n",
               private_path.c_str(), public_path.c_str());
  return kExitOk;
}

// "2027-12-31" (valid through the end of that day, UTC) or an RFC 3339 time.
std::optional<absl::Time> ParseExpiry(const std::string& text) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &time, &error)) {
    return time + absl::Hours(24) - absl::Seconds(1);
  }
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error) && time != absl::InfiniteFuture() &&
      time != absl::InfinitePast()) {
    return time;
  }
  return std::nullopt;
}

// The license the flags describe, or a usage error message.
absl::StatusOr<license::License> LicenseFromFlags(const IssueFlags& flags, absl::Time now) {
  license::License result;
  std::optional<license::Edition> edition = license::ParseEdition(flags.edition);
  if (!edition) {
    return absl::InvalidArgumentError(
        absl::StrCat("--edition must be enterprise or ultimate, not ", flags.edition));
  }
  std::optional<absl::Time> expires = ParseExpiry(flags.expires);
  if (!expires) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--expires must be a date (2027-12-31) or an RFC 3339 time, not ", flags.expires));
  }
  result.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  if (*expires <= result.issued_at) {
    return absl::InvalidArgumentError(absl::StrCat("--expires ", flags.expires, " is in the past"));
  }
  if (flags.images < 0 || flags.nodes < 0 || flags.clusters < 0) {
    return absl::InvalidArgumentError("--images, --nodes and --clusters must not be negative");
  }
  if (flags.customer.empty()) return absl::InvalidArgumentError("--customer must not be empty");
  result.edition = *edition;
  result.expires_at = *expires;
  result.customer = flags.customer;
  result.id = flags.id;
  result.quotas = {.images = flags.images, .nodes = flags.nodes, .clusters = flags.clusters};
  return result;
}

int RunIssue(Context& ctx, const IssueFlags& flags) {
  platform::RealClock clock;
  absl::StatusOr<license::License> lic = LicenseFromFlags(flags, clock.Now());
  if (!lic.ok()) return UsageError(ctx, lic.status().message());
  if (lic->id.empty()) {
    absl::StatusOr<std::string> id = license::NewLicenseId();
    if (!id.ok()) return ReportError(ctx, id.status());
    lic->id = *id;
  }
  absl::StatusOr<std::string> key = ctx.fs->ReadFile(flags.key, kMaxKeyFileBytes);
  if (!key.ok()) return ReportError(ctx, Annotate(key.status(), "reading the private key"));
  absl::StatusOr<std::string> text = license::IssueLicense(*lic, *key);
  if (!text.ok()) return ReportError(ctx, Annotate(text.status(), flags.key));
  if (flags.output.empty()) {
    std::fputs(text->c_str(), ctx.out);
    return kExitOk;
  }
  absl::Status written = ctx.fs->WriteFileAtomic(flags.output, *text);
  if (!written.ok()) return ReportError(ctx, written);
  std::fprintf(ctx.out, "Wrote %s: %s license %s for %s, expires %s\n", flags.output.c_str(),
               license::EditionName(lic->edition), lic->id.c_str(), lic->customer.c_str(),
               license::FormatLicenseTime(lic->expires_at).c_str());
  return kExitOk;
}

std::string QuotaText(int64_t quota) { return quota == 0 ? "unlimited" : absl::StrCat(quota); }

void PrintLicense(std::FILE* out, const license::License& lic) {
  std::fprintf(out, "License:   %s\n", lic.id.c_str());
  std::fprintf(out, "Customer:  %s\n", lic.customer.c_str());
  std::fprintf(out, "Edition:   %s\n", license::EditionTitle(lic.edition));
  std::fprintf(out, "Issued:    %s\n", license::FormatLicenseTime(lic.issued_at).c_str());
  std::fprintf(out, "Expires:   %s\n", license::FormatLicenseTime(lic.expires_at).c_str());
  std::fprintf(out, "Quotas:    images %s, nodes %s, clusters %s\n",
               QuotaText(lic.quotas.images).c_str(), QuotaText(lic.quotas.nodes).c_str(),
               QuotaText(lic.quotas.clusters).c_str());
}

int RunShow(Context& ctx, const ShowFlags& flags) {
  std::string public_key(license::EmbeddedPublicKeyPem());
  if (!flags.public_key.empty()) {
    absl::StatusOr<std::string> pem = ctx.fs->ReadFile(flags.public_key, kMaxKeyFileBytes);
    if (!pem.ok()) return ReportError(ctx, Annotate(pem.status(), "reading the public key"));
    public_key = *pem;
  }
  absl::StatusOr<std::string> text = ctx.fs->ReadFile(flags.file, license::kMaxLicenseFileBytes);
  if (!text.ok()) return ReportError(ctx, text.status());
  platform::RealClock clock;
  license::LicenseState state = license::EvaluateLicense(*text, public_key, clock.Now());
  if (state.license) PrintLicense(ctx.out, *state.license);
  if (!state.status.ok()) {
    std::fprintf(ctx.out, "Status:    invalid\n");
    return ReportError(ctx, Annotate(state.status, flags.file));
  }
  std::fprintf(ctx.out, "Status:    valid\n");
  return kExitOk;
}

void AddKeygen(CLI::App& parent, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = parent.add_subcommand(
      "keygen", "Create an Ed25519 key pair for signing licenses (development and on-site CAs)");
  auto flags = std::make_shared<KeygenFlags>();
  sub->add_option("--out-dir", flags->out_dir,
                  "Directory for license-private.pem (mode 0600) and license-public.pem")
      ->required();
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunKeygen(ctx, *flags); }; });
}

void AddIssue(CLI::App& parent, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = parent.add_subcommand("issue", "Write a license file signed by a private key");
  auto flags = std::make_shared<IssueFlags>();
  sub->add_option("--key", flags->key, "Ed25519 private key (PEM) to sign with")->required();
  sub->add_option("--edition", flags->edition, "enterprise or ultimate")->required();
  sub->add_option("--customer", flags->customer, "Customer name")->required();
  sub->add_option("--expires", flags->expires,
                  "Last valid day (2027-12-31, through 23:59:59 UTC) or an RFC 3339 time")
      ->required();
  sub->add_option("--images", flags->images, "Image quota (0: unlimited)");
  sub->add_option("--nodes", flags->nodes, "Node quota (0: unlimited)");
  sub->add_option("--clusters", flags->clusters, "Cluster quota (0: unlimited)");
  sub->add_option("--id", flags->id, "License id (default: a random lic_<hex>)");
  sub->add_option("--output,-o", flags->output, "License file to write (default: stdout)");
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunIssue(ctx, *flags); }; });
}

void AddShow(CLI::App& parent, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = parent.add_subcommand(
      "show", "Print a license file and verify it (exit 3 when invalid or expired)");
  auto flags = std::make_shared<ShowFlags>();
  sub->add_option("file", flags->file, "License file")->required();
  sub->add_option("--public-key", flags->public_key,
                  "Verify against this public key (PEM) instead of Moat's embedded one");
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunShow(ctx, *flags); }; });
}

using AddLicenseSubcommandFn = void (*)(CLI::App&, Context&, std::function<int()>*);
constexpr std::array<AddLicenseSubcommandFn, 3> kLicenseCommands = {&AddKeygen, &AddIssue,
                                                                    &AddShow};

}  // namespace

void AddLicenseCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  sub.require_subcommand(1);
  for (AddLicenseSubcommandFn add : kLicenseCommands) add(sub, ctx, run);
}

}  // namespace moat::cli
