// `moat db export`, `moat db import` and `moat db keygen`: signed bundles for air-gapped sites.
#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/db_command.h"
#include "common/status.h"
#include "vulndb/bundle_key.h"
#include "vulndb/db_bundle.h"

namespace moat::cli {
namespace {

constexpr size_t kMaxKeyFileBytes = 64 << 10;

struct ExportFlags {
  std::string key;
  std::string output;
  std::string db;
};

struct ImportFlags {
  std::string bundle;
  std::string key;
  std::string db;
};

struct KeygenFlags {
  std::string private_key;
  std::string public_key;
};

absl::StatusOr<std::unique_ptr<vulndb::BundleKey>> LoadKey(Context& ctx, const std::string& path,
                                                           bool want_private) {
  auto pem = ctx.fs->ReadFile(path, kMaxKeyFileBytes);
  if (!pem.ok()) return Annotate(pem.status(), "reading the key");
  return want_private ? vulndb::BundleKey::FromPrivatePem(*pem, path, vulndb::kBundleKeyHint)
                      : vulndb::BundleKey::FromPublicPem(*pem, path, vulndb::kBundleKeyHint);
}

int RunExport(Context& ctx, const ExportFlags& flags) {
  auto key = LoadKey(ctx, flags.key, true);
  if (!key.ok()) return ReportError(ctx, key.status());
  std::string db = ResolveDbPath(ctx, flags.db);
  auto manifest = vulndb::ExportBundle(ctx.fs, db, **key, flags.output);
  if (!manifest.ok()) return ReportError(ctx, Annotate(manifest.status(), "exporting"));
  std::fprintf(ctx.out, "Wrote %s: database %s (%s, sha256 %s) built at %s, signed by %s\n",
               flags.output.c_str(), db.c_str(), HumanBytes(manifest->database_size).c_str(),
               manifest->database_sha256.c_str(), manifest->built_at.c_str(),
               manifest->key_id.c_str());
  return kExitOk;
}

int RunImport(Context& ctx, const ImportFlags& flags) {
  auto key = LoadKey(ctx, flags.key, false);
  if (!key.ok()) return ReportError(ctx, key.status());
  std::string db = ResolveDbPath(ctx, flags.db);
  auto manifest = vulndb::ImportBundle(ctx.fs, flags.bundle, **key, db);
  if (!manifest.ok()) return ReportError(ctx, manifest.status());
  std::fprintf(ctx.out, "Installed %s from %s: built at %s, sha256 %s, signature by %s verified\n",
               db.c_str(), flags.bundle.c_str(), manifest->built_at.c_str(),
               manifest->database_sha256.c_str(), manifest->key_id.c_str());
  return kExitOk;
}

int RunKeygen(Context& ctx, const KeygenFlags& flags) {
  auto id = vulndb::WriteNewKeyPair(flags.private_key, flags.public_key);
  if (!id.ok()) return ReportError(ctx, id.status());
  std::fprintf(ctx.out, "Wrote %s (private, keep it secret) and %s (public): key %s\n",
               flags.private_key.c_str(), flags.public_key.c_str(), id->c_str());
  return kExitOk;
}

}  // namespace

void AddDbExportCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub =
      db.add_subcommand("export", "Write the database as a signed bundle for air-gapped sites");
  auto flags = std::make_shared<ExportFlags>();
  sub->add_option("--key", flags->key, "Ed25519 private key (PEM) to sign with")->required();
  sub->add_option("--output,-o", flags->output, "Bundle file to write")->required();
  AddDbPathFlag(*sub, flags->db);
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunExport(ctx, *flags); }; });
}

void AddDbImportCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = db.add_subcommand(
      "import", "Verify a signed bundle and install its database (refused when anything fails)");
  auto flags = std::make_shared<ImportFlags>();
  sub->add_option("bundle", flags->bundle, "Bundle file (from `moat db export`)")->required();
  sub->add_option("--key", flags->key, "Ed25519 public key (PEM) the bundle must be signed by")
      ->required();
  AddDbPathFlag(*sub, flags->db);
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunImport(ctx, *flags); }; });
}

void AddDbKeygenCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = db.add_subcommand("keygen", "Create an Ed25519 key pair for signing bundles");
  auto flags = std::make_shared<KeygenFlags>();
  sub->add_option("--private", flags->private_key, "Private key file to create (mode 0600)")
      ->required();
  sub->add_option("--public", flags->public_key, "Public key file to create")->required();
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunKeygen(ctx, *flags); }; });
}

}  // namespace moat::cli
