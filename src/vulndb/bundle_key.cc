#include "vulndb/bundle_key.h"

#include <unistd.h>

#include <tuple>

#include "absl/strings/str_cat.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {

absl::StatusOr<std::string> WriteNewKeyPair(const std::string& private_path,
                                            const std::string& public_path) {
  if (private_path == public_path) {
    return absl::InvalidArgumentError("the private and public key files must differ");
  }
  if (::access(private_path.c_str(), F_OK) == 0) {
    return absl::AlreadyExistsError(
        absl::StrCat(private_path, " exists; remove it first to replace the key"));
  }
  auto key = BundleKey::Generate();
  if (!key.ok()) return key.status();
  auto private_pem = (*key)->PrivatePem();
  auto public_pem = (*key)->PublicPem();
  if (!private_pem.ok()) return private_pem.status();
  if (!public_pem.ok()) return public_pem.status();
  for (auto [path, pem, mode] : {std::tuple{&private_path, &*private_pem, 0600},
                                 std::tuple{&public_path, &*public_pem, 0644}}) {
    auto file = TempFile::CreateBeside(*path, mode);
    if (!file.ok()) return file.status();
    absl::Status status = (*file)->Write(*pem);
    if (status.ok()) status = (*file)->Install();
    if (!status.ok()) return status;
  }
  return (*key)->key_id();
}

}  // namespace moat::vulndb
