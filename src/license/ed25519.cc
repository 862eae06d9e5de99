#include "license/ed25519.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace moat::license {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The reason of the newest OpenSSL error; the error queue is cleared.
std::string OpenSslReason() {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

// Never prompt for a pass phrase: encrypted keys are refused.
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

absl::Status CheckEd25519(EVP_PKEY* pkey, absl::string_view what) {
  if (EVP_PKEY_get_id(pkey) == EVP_PKEY_ED25519) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": not an Ed25519 key (found ", EVP_PKEY_get0_type_name(pkey), ")"));
}

absl::StatusOr<PkeyPtr> ReadPrivateKey(absl::string_view pem) {
  BioPtr bio = ReadBio(pem);
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr));
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("private key: not an unencrypted PEM private key (", OpenSslReason(), ")"));
  }
  if (absl::Status s = CheckEd25519(pkey.get(), "private key"); !s.ok()) return s;
  return pkey;
}

absl::StatusOr<PkeyPtr> ReadPublicKey(absl::string_view pem) {
  BioPtr bio = ReadBio(pem);
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, &NoPassphrase, nullptr));
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("public key: not a PEM public key (", OpenSslReason(), ")"));
  }
  if (absl::Status s = CheckEd25519(pkey.get(), "public key"); !s.ok()) return s;
  return pkey;
}

}  // namespace

absl::StatusOr<KeyPair> GenerateKeyPair() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (pkey == nullptr) return absl::InternalError("generating an Ed25519 key: " + OpenSslReason());
  BioPtr private_bio(BIO_new(BIO_s_mem()));
  BioPtr public_bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(private_bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), pkey.get()) != 1) {
    return absl::InternalError("writing the key pair: " + OpenSslReason());
  }
  KeyPair pair;
  auto private_pem = BioText(private_bio.get());
  auto public_pem = BioText(public_bio.get());
  if (!private_pem.ok()) return private_pem.status();
  if (!public_pem.ok()) return public_pem.status();
  pair.private_pem = *std::move(private_pem);
  pair.public_pem = *std::move(public_pem);
  return pair;
}

absl::StatusOr<std::string> Sign(absl::string_view message, absl::string_view private_key_pem) {
  auto pkey = ReadPrivateKey(private_key_pem);
  if (!pkey.ok()) return pkey.status();
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(kSignatureSize, '\0');
  size_t size = signature.size();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey->get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return absl::InternalError("signing: " + OpenSslReason());
  }
  signature.resize(size);
  return signature;
}

absl::Status Verify(absl::string_view message, absl::string_view signature,
                    absl::string_view public_key_pem) {
  auto pkey = ReadPublicKey(public_key_pem);
  if (!pkey.ok()) return pkey.status();
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok =
      signature.size() == kSignatureSize && ctx != nullptr &&
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey->get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  ERR_clear_error();
  if (!ok) return absl::PermissionDeniedError("signature does not match the public key");
  return absl::OkStatus();
}

}  // namespace moat::license
