// Cost of one version comparison per scheme (the matcher does one per package and range event),
// and of evaluating an npm range and a PEP 440 specifier set.
//   moat_version_compare_bench [--benchmark_...]
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "vulndb/version_npm.h"
#include "vulndb/version_pep440.h"
#include "vulndb/version_scheme.h"

namespace {

struct Sample {
  const char* scheme;
  std::vector<std::pair<const char*, const char*>> pairs;
};

const std::vector<Sample>& Samples() {
  static const auto* samples = new std::vector<Sample>{
      {"deb", {{"1:2.36-9+deb12u4", "1:2.36-9+deb12u7"}, {"7.88.1-10+deb12u5", "7.88.1-10"}}},
      {"apk", {{"3.1.4-r5", "3.1.4-r6"}, {"1.36.1_git20240101-r10", "1.36.1-r15"}}},
      {"rpm", {{"2.28-225.el9_3", "2.28-225.el9"}, {"1:1.1.1k-7.el8_6", "1:1.1.1k-9.el8_7"}}},
      {"npm", {{"4.17.20", "4.17.21"}, {"1.0.0-beta.11", "1.0.0-beta.2"}}},
      {"pypi", {{"2.31.0", "2.32.0"}, {"1.0.post1.dev3+local", "1.0rc1"}}},
      {"maven", {{"5.3.10.RELEASE", "5.3.9.RELEASE"}, {"2.17.1", "2.17.0-rc1"}}},
      {"golang", {{"v0.0.0-20210101000000-abcdefabcdef", "v0.1.0"}, {"go1.21.5", "1.21.6"}}},
      {"gem", {{"7.0.8.1", "7.0.8"}, {"1.16.0.rc1", "1.16.0"}}},
      {"nuget", {{"13.0.1", "13.0.3"}, {"6.0.0-preview.7.21377.19", "6.0.0"}}},
      {"composer", {{"v5.4.21", "5.4.22"}, {"1.0.0-beta2", "1.0.0"}}},
      {"cargo", {{"1.0.136", "1.0.137"}, {"0.10.0-alpha.1", "0.10.0"}}},
  };
  return *samples;
}

void BM_Compare(benchmark::State& state) {
  const Sample& sample = Samples()[static_cast<size_t>(state.range(0))];
  const moat::vulndb::VersionScheme& scheme = *moat::vulndb::VersionSchemeFor(sample.scheme);
  state.SetLabel(sample.scheme);
  for (auto _ : state) {
    for (const auto& [a, b] : sample.pairs) benchmark::DoNotOptimize(scheme.Compare(a, b));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(sample.pairs.size()));
}
BENCHMARK(BM_Compare)->DenseRange(0, 10);

void BM_NpmSatisfies(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        moat::vulndb::NpmSatisfies("4.17.20", ">=4.0.0 <4.17.21 || ^3.10.0 || 2.x"));
  }
}
BENCHMARK(BM_NpmSatisfies);

void BM_Pep440Satisfies(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(moat::vulndb::Pep440Satisfies("2.31.0", ">=2.0,!=2.30.*,<2.32"));
  }
}
BENCHMARK(BM_Pep440Satisfies);

}  // namespace

BENCHMARK_MAIN();
