#include "auth/secret_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::auth {
namespace {

constexpr absl::string_view kVersionPrefix = "v1:";
// The version is authenticated too, so a future format cannot be confused with this one.
constexpr absl::string_view kAssociatedData = "moat-secret-v1";
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Starts an AES-256-GCM context for `nonce` with the associated data fed in.
CipherCtxPtr StartGcm(bool encrypt, const std::string& key, absl::string_view nonce) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_CipherInit_ex2(ctx.get(), EVP_aes_256_gcm(), Bytes(key), Bytes(nonce), encrypt ? 1 : 0,
                         nullptr) != 1 ||
      EVP_CipherUpdate(ctx.get(), nullptr, &len, Bytes(kAssociatedData),
                       static_cast<int>(kAssociatedData.size())) != 1) {
    return nullptr;
  }
  return ctx;
}

absl::Status DecryptError() {
  return absl::PermissionDeniedError("secret: cannot decrypt: wrong key or tampered data");
}

}  // namespace

absl::StatusOr<SecretBox> SecretBox::Create(absl::string_view key) {
  if (key.size() != kSecretKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat("secret: the key must be ", kSecretKeySize, " bytes, not ", key.size()));
  }
  return SecretBox(std::string(key));
}

SecretBox::SecretBox(SecretBox&& other) noexcept : key_(std::move(other.key_)) {
  other.key_.clear();
}

SecretBox& SecretBox::operator=(SecretBox&& other) noexcept {
  if (this != &other) {
    OPENSSL_cleanse(key_.data(), key_.size());
    key_ = std::move(other.key_);
    other.key_.clear();
  }
  return *this;
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

absl::StatusOr<std::string> SecretBox::Seal(absl::string_view plaintext) const {
  if (plaintext.size() > (1u << 30)) return absl::InvalidArgumentError("secret: too large");
  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  if (RAND_bytes(Bytes(out), kNonceSize) != 1) {
    return absl::InternalError("secret: the random generator failed");
  }
  CipherCtxPtr ctx = StartGcm(true, key_, absl::string_view(out).substr(0, kNonceSize));
  int len = 0;
  int final_len = 0;
  unsigned char* body = Bytes(out) + kNonceSize;
  if (ctx == nullptr ||
      EVP_EncryptUpdate(ctx.get(), body, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &final_len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, body + plaintext.size()) !=
          1) {
    return absl::InternalError("secret: encryption failed");
  }
  return absl::StrCat(kVersionPrefix, absl::Base64Escape(out));
}

absl::StatusOr<std::string> SecretBox::Open(absl::string_view sealed) const {
  if (!absl::StartsWith(sealed, kVersionPrefix)) {
    return absl::InvalidArgumentError("secret: not a sealed secret (expected \"v1:<base64>\")");
  }
  std::string raw;
  if (!absl::Base64Unescape(sealed.substr(kVersionPrefix.size()), &raw)) {
    return absl::InvalidArgumentError("secret: not valid base64");
  }
  if (raw.size() < kNonceSize + kTagSize) return absl::InvalidArgumentError("secret: too short");
  size_t body_size = raw.size() - kNonceSize - kTagSize;
  absl::string_view nonce = absl::string_view(raw).substr(0, kNonceSize);
  std::string tag = raw.substr(kNonceSize + body_size);
  std::string plaintext(body_size, '\0');
  CipherCtxPtr ctx = StartGcm(false, key_, nonce);
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr ||
      EVP_DecryptUpdate(ctx.get(), Bytes(plaintext), &len, Bytes(raw) + kNonceSize,
                        static_cast<int>(body_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + len, &final_len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return DecryptError();
  }
  return plaintext;
}

}  // namespace moat::auth
