#include "auth/secret_key_file.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "auth/secret_box.h"

namespace moat::auth {
namespace {

absl::Status Errno(int error, absl::string_view what) {
  std::string message = absl::StrCat(what, ": ", strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  return absl::InternalError(message);
}

// Reads the key file: NotFound when it does not exist.
absl::StatusOr<std::string> ReadKey(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Errno(errno, absl::StrCat("opening ", path));
  std::string key(kSecretKeySize + 1, '\0');
  size_t total = 0;
  while (total < key.size()) {
    ssize_t n = ::read(fd, key.data() + total, key.size() - total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return Errno(error, absl::StrCat("reading ", path));
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  ::close(fd);
  if (total != kSecretKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a secret key file must hold exactly ", kSecretKeySize, " bytes"));
  }
  key.resize(kSecretKeySize);
  return key;
}

absl::Status WriteAllAndSync(int fd, absl::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno(errno, absl::StrCat("writing ", path));
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) return Errno(errno, absl::StrCat("writing ", path));
  return absl::OkStatus();
}

// Writes a new random key to a temporary file (mkstemp: mode 0600) and links it to `path`;
// AlreadyExists when another process created `path` first.
absl::Status CreateKey(const std::string& path) {
  unsigned char key[kSecretKeySize];
  if (RAND_bytes(key, sizeof(key)) != 1) {
    return absl::InternalError("generating the secret key: the random generator failed");
  }
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Errno(errno, absl::StrCat("creating ", path));
  absl::Status status =
      WriteAllAndSync(fd, absl::string_view(reinterpret_cast<char*>(key), sizeof(key)), temp);
  OPENSSL_cleanse(key, sizeof(key));
  if (::close(fd) != 0 && status.ok()) status = Errno(errno, absl::StrCat("writing ", temp));
  if (status.ok() && ::link(temp.c_str(), path.c_str()) != 0) {
    status = errno == EEXIST ? absl::AlreadyExistsError(path)
                             : Errno(errno, absl::StrCat("creating ", path));
  }
  ::unlink(temp.c_str());
  return status;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateKey(const std::string& path) {
  absl::StatusOr<std::string> key = ReadKey(path);
  if (key.ok() || !absl::IsNotFound(key.status())) return key;
  absl::Status created = CreateKey(path);
  if (!created.ok() && !absl::IsAlreadyExists(created)) return created;
  return ReadKey(path);  // ours, or the one a concurrent caller linked first
}

}  // namespace moat::auth
