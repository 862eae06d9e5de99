#include "inventory/catalogers.h"

// One include and one line per cataloger; keep both lists in the same order.
// clang-format off
// [catalogers-includes]
#include "inventory/os_release.h"
#include "inventory/dpkg.h"
#include "inventory/apk.h"
#include "inventory/rpm.h"
#include "inventory/npm_package_json.h"
#include "inventory/npm_lock.h"
#include "inventory/yarn_lock.h"
#include "inventory/pnpm_lock.h"
#include "inventory/python_metadata.h"
#include "inventory/pip_requirements.h"
#include "inventory/pipenv_lock.h"
#include "inventory/poetry_lock.h"
#include "inventory/uv_lock.h"
#include "inventory/gemspec.h"
#include "inventory/bundler_lock.h"
#include "inventory/composer.h"
#include "inventory/dotnet_deps.h"
#include "inventory/nuget_lock.h"
#include "inventory/go_binary.h"
#include "inventory/go_mod.h"
#include "inventory/go_sum.h"
#include "inventory/java_archive.h"
#include "inventory/cargo_lock.h"
#include "inventory/rust_audit.h"
// clang-format on

namespace moat::inventory {

std::vector<std::unique_ptr<Cataloger>> AllCatalogers() {
  std::vector<std::unique_ptr<Cataloger>> all;
  // clang-format off
  // [catalogers-table]
  all.push_back(std::make_unique<OsReleaseCataloger>());
  all.push_back(std::make_unique<DpkgStatusCataloger>());
  all.push_back(std::make_unique<DpkgFilesCataloger>());
  all.push_back(std::make_unique<DpkgCopyrightCataloger>());
  all.push_back(std::make_unique<ApkCataloger>());
  all.push_back(std::make_unique<RpmCataloger>());
  all.push_back(std::make_unique<NpmPackageJsonCataloger>());
  all.push_back(std::make_unique<NpmLockCataloger>());
  all.push_back(std::make_unique<YarnLockCataloger>());
  all.push_back(std::make_unique<PnpmLockCataloger>());
  all.push_back(std::make_unique<PythonMetadataCataloger>());
  all.push_back(std::make_unique<PipRequirementsCataloger>());
  all.push_back(std::make_unique<PipenvLockCataloger>());
  all.push_back(std::make_unique<PoetryLockCataloger>());
  all.push_back(std::make_unique<UvLockCataloger>());
  all.push_back(std::make_unique<GemspecCataloger>());
  all.push_back(std::make_unique<BundlerLockCataloger>());
  all.push_back(std::make_unique<ComposerLockCataloger>());
  all.push_back(std::make_unique<ComposerInstalledCataloger>());
  all.push_back(std::make_unique<DotnetDepsCataloger>());
  all.push_back(std::make_unique<NugetLockCataloger>());
  all.push_back(std::make_unique<GoBinaryCataloger>());
  all.push_back(std::make_unique<GoModCataloger>());
  all.push_back(std::make_unique<GoSumCataloger>());
  all.push_back(std::make_unique<JavaArchiveCataloger>());
  all.push_back(std::make_unique<CargoLockCataloger>());
  all.push_back(std::make_unique<RustAuditCataloger>());
  // clang-format on
  return all;
}

}  // namespace moat::inventory
