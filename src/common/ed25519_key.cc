#include "common/ed25519_key.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace moat {

struct Ed25519Key::Impl {
  EVP_PKEY* pkey = nullptr;
  ~Impl() { EVP_PKEY_free(pkey); }
};

namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The reason of the newest OpenSSL error (the queue is cleared).
std::string OpenSslReason() {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

// Never prompt on the terminal for a pass phrase: encrypted keys are refused.
int NoPassphrase(char*, int, int, void*) { return 0; }

BioPtr ReadBio(absl::string_view pem) {
  // BIO_new_mem_buf takes an int length; a key is never near that size.
  if (pem.size() > (1u << 20)) pem = pem.substr(0, 1u << 20);
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::StatusOr<std::string> BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  if (size <= 0 || data == nullptr) return absl::InternalError("writing a PEM key failed");
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

Ed25519Key::Ed25519Key(std::unique_ptr<Impl> impl, bool has_private)
    : impl_(std::move(impl)), has_private_(has_private) {}

Ed25519Key::~Ed25519Key() = default;

absl::StatusOr<std::unique_ptr<Ed25519Key>> Ed25519Key::Wrap(void* raw, bool has_private,
                                                             absl::string_view what,
                                                             absl::string_view hint) {
  auto impl = std::make_unique<Impl>();
  impl->pkey = static_cast<EVP_PKEY*>(raw);
  if (EVP_PKEY_get_id(impl->pkey) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not an Ed25519 key (found ",
                                                   EVP_PKEY_get0_type_name(impl->pkey), ")",
                                                   hint.empty() ? "" : "; ", hint));
  }
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(impl->pkey, &der);
  if (der_len <= 0) return absl::InternalError(absl::StrCat(what, ": ", OpenSslReason()));
  std::string id =
      absl::StrCat("sha256:", Sha256Hex(absl::string_view(reinterpret_cast<char*>(der), der_len)));
  OPENSSL_free(der);
  auto key = std::unique_ptr<Ed25519Key>(new Ed25519Key(std::move(impl), has_private));
  key->key_id_ = std::move(id);
  return key;
}

absl::StatusOr<std::unique_ptr<Ed25519Key>> Ed25519Key::Generate() {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (pkey == nullptr) return absl::InternalError("generating an Ed25519 key: " + OpenSslReason());
  return Wrap(pkey, true, "generated key", "");
}

absl::StatusOr<std::unique_ptr<Ed25519Key>> Ed25519Key::FromPrivatePem(absl::string_view pem,
                                                                       absl::string_view what,
                                                                       absl::string_view hint) {
  BioPtr bio = ReadBio(pem);
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr);
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": not an unencrypted PEM private key (", OpenSslReason(), ")"));
  }
  return Wrap(pkey, true, what, hint);
}

absl::StatusOr<std::unique_ptr<Ed25519Key>> Ed25519Key::FromPublicPem(absl::string_view pem,
                                                                      absl::string_view what,
                                                                      absl::string_view hint) {
  BioPtr bio = ReadBio(pem);
  EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio.get(), nullptr, &NoPassphrase, nullptr);
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": not a PEM public key (", OpenSslReason(), ")"));
  }
  return Wrap(pkey, false, what, hint);
}

absl::StatusOr<std::string> Ed25519Key::PrivatePem() const {
  if (!has_private_) return absl::FailedPreconditionError("not a private key");
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(bio.get(), impl_->pkey, nullptr, nullptr, 0, nullptr, nullptr) !=
      1) {
    return absl::InternalError("writing the private key: " + OpenSslReason());
  }
  return BioText(bio.get());
}

absl::StatusOr<std::string> Ed25519Key::PublicPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(bio.get(), impl_->pkey) != 1) {
    return absl::InternalError("writing the public key: " + OpenSslReason());
  }
  return BioText(bio.get());
}

absl::StatusOr<std::string> Ed25519Key::Sign(absl::string_view message) const {
  if (!has_private_) return absl::FailedPreconditionError("signing needs a private key");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(kEd25519SignatureSize, '\0');
  size_t size = signature.size();
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->pkey) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return absl::InternalError("signing: " + OpenSslReason());
  }
  signature.resize(size);
  return signature;
}

bool Ed25519Key::Verify(absl::string_view message, absl::string_view signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok =
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, impl_->pkey) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace moat
