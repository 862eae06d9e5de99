// Matching speed: 10,000 packages against a real database built from the advisory feeds in
// ../shared/data/advisories (Go, PyPA, RustSec, npm security-wg, GHSA, Alpine, Debian, ...).
// The inventory mixes names the feeds cover (so lookups hit and ranges are evaluated) with
// names they do not, over OS and application ecosystems, as an image would.
//   moat_match_bench [--benchmark_...]        (MOAT_SHARED_DATA overrides ../shared/data;
//   MOAT_BENCH_SQLITE_DEFAULTS=1 keeps SQLite's memory statistics on, as before moat's main
//   turned them off)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "platform/file_system.h"
#include "vulndb/database.h"
#include "vulndb/feed_import.h"
#include "vulndb/match.h"
#include "vulndb/match_keys.h"

namespace {

using moat::inventory::Ecosystem;

// Forwards advisories to the database writer and remembers which packages they name.
class RecordingSink : public moat::vulndb::AdvisorySink {
 public:
  explicit RecordingSink(moat::vulndb::AdvisorySink* next) : next_(next) {}
  void Add(moat::vulndb::Advisory advisory) override {
    for (const auto& a : advisory.affected) names_[{a.ecosystem, a.distro}].insert(a.package);
    next_->Add(std::move(advisory));
  }
  void Malformed(const std::string& file, const std::string& reason) override {
    next_->Malformed(file, reason);
  }
  const std::map<std::pair<std::string, std::string>, std::set<std::string>>& names() const {
    return names_;
  }

 private:
  moat::vulndb::AdvisorySink* next_;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> names_;
};

struct Fixture {
  std::string db_path;
  std::unique_ptr<moat::vulndb::VulnDatabase> db;
  moat::inventory::Inventory inventory;  // covered packages at old versions: ~8k findings
  moat::inventory::Inventory current;    // the same names at versions newer than every fix
  std::string error;
};

std::string SharedData() {
  if (const char* env = std::getenv("MOAT_SHARED_DATA")) return env;
  std::filesystem::path here = std::filesystem::path(__FILE__).parent_path();
  return (here / "../../shared/data").lexically_normal().string();
}

// A version inside many ranges (an old one), or one newer than every fix.
std::string Version(Ecosystem e, bool old) {
  switch (e) {
    case Ecosystem::kDeb:
      return old ? "0.1-1" : "999.0-1";
    case Ecosystem::kApk:
      return old ? "0.1-r0" : "999.0-r0";
    case Ecosystem::kGolang:
      return old ? "v0.0.1" : "v999.0.0";
    default:
      return old ? "0.0.1" : "999.0.0";
  }
}

void AddPackages(const RecordingSink& sink, bool old, size_t total,
                 moat::inventory::Inventory& inv) {
  std::vector<moat::inventory::Package> covered;
  for (const auto& [key, names] : sink.names()) {
    Ecosystem e;
    if (!moat::inventory::ParseEcosystem(key.first, &e)) continue;
    if (moat::inventory::IsOsEcosystem(e) && key.second != "debian:12") continue;
    for (const std::string& name : names) {
      moat::inventory::Package p;
      p.ecosystem = e;
      p.name = name;
      p.version = Version(e, old);
      covered.push_back(std::move(p));
    }
  }
  // A third of the image is covered by advisories; the rest are names no feed mentions.
  for (size_t i = 0; i < total; ++i) {
    if (i % 3 == 0 && !covered.empty()) {
      inv.packages.push_back(covered[(i / 3) % covered.size()]);
      continue;
    }
    moat::inventory::Package p;
    p.ecosystem = i % 5 == 1 ? Ecosystem::kDeb : i % 5 == 2 ? Ecosystem::kPypi : Ecosystem::kNpm;
    p.name = absl::StrCat("no-advisory-package-", i);
    p.version = p.ecosystem == Ecosystem::kDeb ? "1.0-1" : "1.0.0";
    inv.packages.push_back(std::move(p));
  }
}

Fixture* Build() {
  auto* f = new Fixture;
  std::string feeds = SharedData() + "/advisories";
  if (!std::filesystem::exists(feeds)) {
    f->error = feeds + " is absent";
    return f;
  }
  f->db_path = (std::filesystem::temp_directory_path() / "moat-match-bench.db").string();
  auto writer = moat::vulndb::NewDatabaseWriter(f->db_path);
  if (!writer.ok()) {
    f->error = std::string(writer.status().message());
    return f;
  }
  moat::platform::PosixFileSystem fs;
  RecordingSink sink(writer->get());
  auto stats = moat::vulndb::ImportFeedPath(&fs, feeds, &sink);
  absl::Status finished = stats.ok() ? (*writer)->Finish(*stats) : stats.status();
  auto db = finished.ok() ? moat::vulndb::OpenVulnDatabase(f->db_path) : finished;
  if (!db.ok()) {
    f->error = std::string(db.status().message());
    return f;
  }
  f->db = std::move(*db);
  f->inventory.os = moat::inventory::OsInfo{"debian", "Debian 12", "12.15", "bookworm", false};
  AddPackages(sink, /*old=*/true, 10000, f->inventory);
  f->current.os = f->inventory.os;
  AddPackages(sink, /*old=*/false, 10000, f->current);
  std::fprintf(stderr, "database: %lld advisories, %lld affected entries\n",
               static_cast<long long>(f->db->metadata().advisories),
               static_cast<long long>(f->db->metadata().affected_entries));
  return f;
}

const Fixture& Shared() {
  static const Fixture* fixture = Build();
  return *fixture;
}

void BM_Match10kPackages(benchmark::State& state) {
  const Fixture& f = Shared();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  size_t findings = 0;
  moat::vulndb::MatchStats stats;
  for (auto _ : state) {
    moat::vulndb::MatchOptions options;
    options.jobs = static_cast<int>(state.range(0));
    const auto& inventory = state.range(1) == 0 ? f.inventory : f.current;
    auto result = moat::vulndb::MatchInventory(inventory, *f.db, options, &stats);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      return;
    }
    findings = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["packages"] = static_cast<double>(f.inventory.packages.size());
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["lookups"] = static_cast<double>(stats.lookups);
  state.counters["entries"] = static_cast<double>(stats.entries);
}
// Args: threads, inventory (0: old versions, ~8k findings; 1: current versions, ~no findings).
BENCHMARK(BM_Match10kPackages)
    ->Unit(benchmark::kMillisecond)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"jobs", "current"});

// The database's share: the lookups the match makes, one thread, nothing evaluated.
void BM_LookupsOnly(benchmark::State& state) {
  const Fixture& f = Shared();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  std::set<std::tuple<std::string, std::string, std::string>> keys;
  for (const auto& p : f.inventory.packages) {
    bool os = moat::inventory::IsOsEcosystem(p.ecosystem);
    for (const std::string& name : moat::vulndb::LookupNames(p)) {
      keys.emplace(moat::inventory::EcosystemName(p.ecosystem), os ? "debian:12" : "", name);
    }
  }
  for (auto _ : state) {
    for (const auto& [ecosystem, distro, name] : keys) {
      auto records = f.db->Lookup(ecosystem, distro, name);
      benchmark::DoNotOptimize(records);
    }
  }
  state.counters["lookups"] = static_cast<double>(keys.size());
}
BENCHMARK(BM_LookupsOnly)->Unit(benchmark::kMillisecond);

}  // namespace

// As moat's main: SQLite set up for lookups from several threads before anything opens it.
int main(int argc, char** argv) {
  if (std::getenv("MOAT_BENCH_SQLITE_DEFAULTS") == nullptr) {
    moat::vulndb::ConfigureSqliteForThreads();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
