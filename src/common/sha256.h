// Incremental SHA-256 (OpenSSL, uses SHA-NI where the CPU has it) and digest helpers.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace moat {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view data);
  // Lowercase hex of the digest; the hasher is reset afterwards.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string Sha256Hex(absl::string_view data);

// Splits "sha256:<64 hex>" and checks its form; returns false for other algorithms or bad hex.
bool IsValidSha256Digest(absl::string_view digest);

}  // namespace moat
