// Lookup latency of a vulnerability database: every (ecosystem, distro, package) key it holds,
// plus as many misses, looked up with 1 thread, 2 threads sharing a pool of 2 connections, and
// 2 threads serialised on one connection. Usage: moat_db_lookup DB [ROUNDS]
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "vulndb/database.h"

namespace {

using Key = std::tuple<std::string, std::string, std::string>;

std::vector<Key> AllKeys(const std::string& path) {
  std::vector<Key> keys;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return keys;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT DISTINCT n.ecosystem, n.distro, f.package FROM affected f "
                     "JOIN namespace n ON n.id = f.namespace",
                     -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    keys.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                      reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)),
                      reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return keys;
}

// Runs every lookup `rounds` times over `threads` threads; returns (seconds, records found).
std::pair<double, long> Run(const moat::vulndb::VulnDatabase& db, const std::vector<Key>& keys,
                            int threads, int rounds) {
  std::atomic<long> found{0};
  std::atomic<size_t> next{0};
  size_t total = keys.size() * static_cast<size_t>(rounds);
  auto work = [&] {
    long mine = 0;
    for (size_t i = next++; i < total; i = next++) {
      const Key& k = keys[i % keys.size()];
      auto records = db.Lookup(std::get<0>(k), std::get<1>(k), std::get<2>(k));
      if (records.ok()) mine += static_cast<long>(records->size());
    }
    found += mine;
  };
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {seconds, found.load()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = 3;
  if (argc > 2 && !absl::SimpleAtoi(argv[2], &rounds)) rounds = 3;
  // Debian's SQLite counts memory behind one global mutex on every allocation;
  // MOAT_BENCH_NO_MEMSTATUS measures the lookups without it (sqlite3_config must run before SQLite
  // initialises).
  if (std::getenv("MOAT_BENCH_NO_MEMSTATUS") != nullptr) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  }
  std::vector<Key> keys = AllKeys(argv[1]);
  size_t hits = keys.size();
  for (size_t i = 0; i < hits; ++i) {
    Key miss = keys[i];
    std::get<2>(miss) += "-not-vulnerable";
    keys.push_back(miss);
  }
  std::printf("%zu keys (%zu hits, %zu misses), %d rounds\n", keys.size(), hits, hits, rounds);
  struct Case {
    const char* name;
    int threads;
    int connections;
  };
  for (const Case& c : {Case{"1 thread", 1, 1}, Case{"2 threads, 2 connections", 2, 2},
                        Case{"2 threads, 1 connection (serialised)", 2, 1}}) {
    auto db = moat::vulndb::OpenVulnDatabase(argv[1], {.max_connections = c.connections});
    if (!db.ok()) {
      std::fprintf(stderr, "%s\n", std::string(db.status().message()).c_str());
      return 3;
    }
    Run(**db, keys, c.threads, 1);  // warm the page cache and the pool
    auto [seconds, found] = Run(**db, keys, c.threads, rounds);
    double lookups = static_cast<double>(keys.size()) * rounds;
    std::printf("%-40s %8.2f us/lookup  %10.0f lookups/s  (%ld records)\n", c.name,
                seconds / lookups * 1e6, lookups / seconds, found);
  }
  return 0;
}
