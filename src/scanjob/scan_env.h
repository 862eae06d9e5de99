// What the center's scanning layer needs from the center: the store, the clock, how to make HTTP
// clients, where layer blobs and the vulnerability database live, and how to open secrets.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "detect/detector.h"
#include "platform/clock.h"
#include "platform/http_client.h"
#include "store/store.h"

namespace moat::scanjob {

struct ScanEnv {
  store::Store* store = nullptr;
  platform::Clock* clock = nullptr;
  std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
      make_http;
  std::string blob_cache_dir;  // <data dir>/blobs: layer blobs by digest, pulled once; "": none
  uint64_t blob_cache_max_bytes = 0;  // the scheduler trims the cache to this (0: no limit)
  std::string db_path;                // vulnerability database file ("" or missing: no matching)
  const detect::Detectors* detectors = nullptr;  // may be null: inventory + vulns only
  // Decrypts a registry's stored secret (RegistryRecord::secret) to the password.
  std::function<absl::StatusOr<std::string>(const std::string&)> open_secret;
  int read_jobs = 2;  // layers read in parallel per scan
};

}  // namespace moat::scanjob
