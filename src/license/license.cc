#include "license/license.h"

#include <openssl/rand.h>

#include <array>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"
#include "license/ed25519.h"

namespace moat::license {
namespace {

struct EditionSpec {
  Edition edition;
  const char* name;
  const char* title;
};

constexpr std::array<EditionSpec, 2> kEditions = {{
    {Edition::kEnterprise, "enterprise", "Enterprise"},
    {Edition::kUltimate, "ultimate", "Ultimate"},
}};

// The quota fields, in file order, with the member each one fills.
constexpr std::array<std::pair<const char*, int64_t Quotas::*>, 3> kQuotaFields = {{
    {"images", &Quotas::images},
    {"nodes", &Quotas::nodes},
    {"clusters", &Quotas::clusters},
}};

absl::Status Invalid(absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("license: ", message));
}

absl::StatusOr<const Json*> Field(const Json& object, absl::string_view key) {
  const Json* field = JsonField(object, key);
  if (field == nullptr) return Invalid(absl::StrCat("missing \"", key, "\""));
  return field;
}

absl::StatusOr<std::string> NonEmptyString(const Json& object, absl::string_view key) {
  MOAT_ASSIGN_OR_RETURN(const Json* field, Field(object, key));
  if (!field->is_string() || field->get_ref<const std::string&>().empty()) {
    return Invalid(absl::StrCat("\"", key, "\" must be a non-empty string"));
  }
  return field->get_ref<const std::string&>();
}

absl::StatusOr<absl::Time> ParseLicenseTime(const Json& object, absl::string_view key) {
  MOAT_ASSIGN_OR_RETURN(const Json* field, Field(object, key));
  absl::Time time;
  std::string error;
  if (!field->is_string() ||
      !absl::ParseTime(absl::RFC3339_full, field->get_ref<const std::string&>(), &time, &error) ||
      time == absl::InfiniteFuture() || time == absl::InfinitePast()) {
    std::string shown =
        field->is_string() ? field->get_ref<const std::string&>() : DumpJson(*field);
    return Invalid(absl::StrCat("\"", key, "\" must be an RFC 3339 time, not ", shown));
  }
  return time;
}

absl::StatusOr<Edition> ParseEditionField(const Json& object) {
  MOAT_ASSIGN_OR_RETURN(const Json* field, Field(object, "edition"));
  std::string name = field->is_string() ? field->get_ref<const std::string&>() : DumpJson(*field);
  std::optional<Edition> edition = ParseEdition(name);
  if (!field->is_string() || !edition) {
    return Invalid(
        absl::StrCat("unknown edition \"", name, "\" (expected enterprise or ultimate)"));
  }
  return *edition;
}

absl::StatusOr<Quotas> ParseQuotas(const Json& object) {
  MOAT_ASSIGN_OR_RETURN(const Json* field, Field(object, "quotas"));
  if (!field->is_object()) return Invalid("\"quotas\" must be an object");
  Quotas quotas;
  for (const auto& [key, member] : kQuotaFields) {
    if (JsonField(*field, key) == nullptr)
      return Invalid(absl::StrCat("missing \"quotas.", key, "\""));
    std::optional<int64_t> value = JsonInt(*field, key);
    if (!value || *value < 0) {
      return Invalid(absl::StrCat("\"quotas.", key, "\" must be a non-negative integer"));
    }
    quotas.*member = *value;
  }
  return quotas;
}

absl::Status Validate(const License& license) {
  if (license.id.empty()) return Invalid("\"id\" must be a non-empty string");
  if (license.customer.empty()) return Invalid("\"customer\" must be a non-empty string");
  for (const auto& [key, member] : kQuotaFields) {
    if (license.quotas.*member < 0) {
      return Invalid(absl::StrCat("\"quotas.", key, "\" must be a non-negative integer"));
    }
  }
  if (license.expires_at <= license.issued_at) {
    return Invalid(absl::StrCat("expiresAt ", FormatLicenseTime(license.expires_at),
                                " is not after issuedAt ", FormatLicenseTime(license.issued_at)));
  }
  return absl::OkStatus();
}

absl::StatusOr<License> ParseLicenseObject(const Json& object) {
  License license;
  MOAT_ASSIGN_OR_RETURN(license.id, NonEmptyString(object, "id"));
  MOAT_ASSIGN_OR_RETURN(license.customer, NonEmptyString(object, "customer"));
  MOAT_ASSIGN_OR_RETURN(license.edition, ParseEditionField(object));
  MOAT_ASSIGN_OR_RETURN(license.issued_at, ParseLicenseTime(object, "issuedAt"));
  MOAT_ASSIGN_OR_RETURN(license.expires_at, ParseLicenseTime(object, "expiresAt"));
  MOAT_ASSIGN_OR_RETURN(license.quotas, ParseQuotas(object));
  MOAT_RETURN_IF_ERROR(Validate(license));
  return license;
}

absl::StatusOr<std::string> ParseSignature(const Json& root) {
  MOAT_ASSIGN_OR_RETURN(const Json* field, Field(root, "signature"));
  std::string signature;
  if (!field->is_string() ||
      !absl::Base64Unescape(field->get_ref<const std::string&>(), &signature)) {
    return Invalid("\"signature\" is not valid base64");
  }
  if (signature.size() != kSignatureSize) {
    return Invalid(
        absl::StrCat("\"signature\" must be ", kSignatureSize, " bytes, not ", signature.size()));
  }
  return signature;
}

Json LicenseJson(const License& license) {
  Json quotas = Json::object();
  for (const auto& [key, member] : kQuotaFields) quotas[key] = license.quotas.*member;
  return Json{{"id", license.id},
              {"customer", license.customer},
              {"edition", EditionName(license.edition)},
              {"issuedAt", FormatLicenseTime(license.issued_at)},
              {"expiresAt", FormatLicenseTime(license.expires_at)},
              {"quotas", quotas}};
}

// The bytes a signature covers: the license object serialised compactly with keys sorted
// (nlohmann's default object is an ordered map), so formatting of the file does not matter.
std::string CanonicalBytes(const Json& license_object) { return DumpJson(license_object); }

}  // namespace

const char* EditionName(Edition edition) {
  for (const EditionSpec& spec : kEditions) {
    if (spec.edition == edition) return spec.name;
  }
  return "unknown";
}

const char* EditionTitle(Edition edition) {
  for (const EditionSpec& spec : kEditions) {
    if (spec.edition == edition) return spec.title;
  }
  return "Unknown";
}

std::optional<Edition> ParseEdition(absl::string_view name) {
  for (const EditionSpec& spec : kEditions) {
    if (name == spec.name) return spec.edition;
  }
  return std::nullopt;
}

absl::StatusOr<std::string> NewLicenseId() {
  unsigned char bytes[8] = {};
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("license: the random generator failed");
  }
  return absl::StrCat("lic_", absl::BytesToHexString(absl::string_view(
                                  reinterpret_cast<const char*>(bytes), sizeof(bytes))));
}

std::string FormatLicenseTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

absl::StatusOr<LicenseFile> ParseLicenseFile(absl::string_view file_text) {
  if (file_text.size() > kMaxLicenseFileBytes) {
    return Invalid(absl::StrCat("file is larger than ", kMaxLicenseFileBytes / 1024, " KiB"));
  }
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(file_text, "license"));
  const Json* object = JsonField(root, "license");
  if (object == nullptr || !object->is_object()) return Invalid("missing the \"license\" object");
  LicenseFile file;
  MOAT_ASSIGN_OR_RETURN(file.signature, ParseSignature(root));
  MOAT_ASSIGN_OR_RETURN(file.license, ParseLicenseObject(*object));
  file.signed_bytes = CanonicalBytes(*object);
  return file;
}

absl::Status CheckLicenseSignature(const LicenseFile& file, absl::string_view public_key_pem) {
  absl::Status status = Verify(file.signed_bytes, file.signature, public_key_pem);
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("license: ", status.message()));
}

absl::Status CheckNotExpired(const License& license, absl::Time now) {
  if (now < license.expires_at) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("license: expired on ",
                   absl::FormatTime("%Y-%m-%d", license.expires_at, absl::UTCTimeZone())));
}

absl::StatusOr<License> VerifyLicense(absl::string_view file_text, absl::string_view public_key_pem,
                                      absl::Time now) {
  MOAT_ASSIGN_OR_RETURN(LicenseFile file, ParseLicenseFile(file_text));
  MOAT_RETURN_IF_ERROR(CheckLicenseSignature(file, public_key_pem));
  MOAT_RETURN_IF_ERROR(CheckNotExpired(file.license, now));
  return file.license;
}

absl::StatusOr<std::string> IssueLicense(const License& license,
                                         absl::string_view private_key_pem) {
  MOAT_RETURN_IF_ERROR(Validate(license));
  Json object = LicenseJson(license);
  absl::StatusOr<std::string> signature = Sign(CanonicalBytes(object), private_key_pem);
  if (!signature.ok()) {
    return absl::Status(signature.status().code(),
                        absl::StrCat("license: ", signature.status().message()));
  }
  Json file = {{"license", object}, {"signature", absl::Base64Escape(*signature)}};
  return DumpJson(file, 2) + "\n";
}

}  // namespace moat::license
