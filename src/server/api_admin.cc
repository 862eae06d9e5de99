// Administration: API tokens, the audit log, the license and edition, alerts, webhook settings
// and the Ultimate-only microsegmentation resource.
#include <utility>

#include "absl/strings/str_cat.h"
#include "auth/token.h"
#include "license/entitlements.h"
#include "license/license.h"
#include "server/api_json.h"
#include "server/center.h"

namespace moat::server {
namespace {

constexpr absl::string_view kLicenseKey = "license";
constexpr absl::string_view kWebhooksKey = "webhooks";

Json LicenseJson(const license::License& license) {
  return Json{{"id", license.id},
              {"customer", license.customer},
              {"edition", license::EditionName(license.edition)},
              {"issuedAt", license::FormatLicenseTime(license.issued_at)},
              {"expiresAt", license::FormatLicenseTime(license.expires_at)},
              {"quotas",
               {{"images", license.quotas.images},
                {"nodes", license.quotas.nodes},
                {"clusters", license.quotas.clusters}}}};
}

}  // namespace

Center::EditionState Center::Edition() {
  EditionState state;
  auto text = deps_.store->GetSetting(kLicenseKey);
  if (!text.ok()) {
    state.detail = absl::StrCat("no license read (", text.status().message(), "): Enterprise");
    return state;
  }
  if (!text->has_value()) {
    state.detail = "no license installed: Enterprise";
    return state;
  }
  auto verified =
      license::VerifyLicense(**text, config_.license_public_key_pem, deps_.clock->Now());
  if (!verified.ok()) {
    state.detail = absl::StrCat(verified.status().message(), ": running as Enterprise");
    return state;
  }
  state.ultimate = verified->edition == license::Edition::kUltimate;
  state.detail = absl::StrCat("license ", verified->id, " for ", verified->customer);
  state.license = LicenseJson(*verified);
  return state;
}

http::Response Center::ListTokens(http::Request&, const Principal&) {
  auto tokens = deps_.store->ListTokens();
  if (!tokens.ok()) return StatusResponse(tokens.status());
  Json items = Json::array();
  for (const store::TokenRecord& token : *tokens) items.push_back(TokenJson(token));
  return http::JsonResponse(200, DumpJson(Json{{"tokens", std::move(items)}}));
}

http::Response Center::CreateToken(http::Request& request, const Principal& who) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  store::TokenRecord token;
  token.name = JsonString(*body, "name");
  if (token.name.empty() || token.name.size() > 128) {
    return http::ErrorResponse(400, "name: required, at most 128 characters");
  }
  std::string role_name = JsonString(*body, "role");
  auto role = store::ParseRole(role_name);
  if (!role.has_value()) {
    return http::ErrorResponse(
        400, absl::StrCat("role \"", role_name, "\": expected viewer, operator or admin"));
  }
  token.role = *role;
  auto secret = auth::NewToken();
  if (!secret.ok()) return StatusResponse(secret.status());
  token.hash = auth::HashToken(*secret);
  token.created_at = NowMs();
  token.created_by = who.name;
  auto created = deps_.store->CreateToken(
      token, Audit(who, "token.create", token.name, absl::StrCat("role ", role_name)));
  if (!created.ok()) return StatusResponse(created.status());
  Json answer = TokenJson(*created);
  answer["token"] = *secret;  // shown once; only its hash is stored
  return http::JsonResponse(201, DumpJson(answer));
}

http::Response Center::RevokeToken(http::Request& request, const Principal& who) {
  std::string id = request.Param("id");
  if (id == who.token_id) {
    return http::ErrorResponse(409, "a token cannot revoke itself; use another admin token");
  }
  absl::Status status = deps_.store->RevokeToken(id, Audit(who, "token.revoke", id));
  if (!status.ok()) return StatusResponse(status);
  return http::JsonResponse(200, DumpJson(Json{{"id", id}, {"revoked", true}}));
}

http::Response Center::ListAudit(http::Request& request, const Principal&) {
  auto page = QueryPage(request, 100);
  if (!page.ok()) return StatusResponse(page.status());
  auto entries = deps_.store->ListAudit(page->offset, page->limit);
  if (!entries.ok()) return StatusResponse(entries.status());
  Json items = Json::array();
  for (const store::AuditEntry& entry : *entries) items.push_back(AuditJson(entry));
  return http::JsonResponse(200, DumpJson(Json{{"entries", std::move(items)}}));
}

http::Response Center::GetLicense(http::Request&, const Principal&) {
  EditionState state = Edition();
  Json body = {{"edition", state.ultimate ? "ultimate" : "enterprise"},
               {"detail", state.detail},
               {"license", state.license.value_or(Json(nullptr))}};
  return http::JsonResponse(200, DumpJson(body));
}

http::Response Center::PutLicense(http::Request& request, const Principal& who) {
  auto verified =
      license::VerifyLicense(request.body, config_.license_public_key_pem, deps_.clock->Now());
  if (!verified.ok()) return http::ErrorResponse(400, verified.status().message());
  absl::Status status = deps_.store->PutSetting(
      kLicenseKey, request.body,
      Audit(who, "license.update", verified->id,
            absl::StrCat(license::EditionName(verified->edition), " until ",
                         license::FormatLicenseTime(verified->expires_at))));
  if (!status.ok()) return StatusResponse(status);
  return GetLicense(request, who);
}

http::Response Center::ListAlerts(http::Request& request, const Principal&) {
  store::AlertQuery query;
  query.status = request.Query("status");
  query.kind = request.Query("kind");
  auto page = QueryPage(request, 50);
  if (!page.ok()) return StatusResponse(page.status());
  query.offset = page->offset;
  query.limit = page->limit;
  auto alerts = deps_.store->ListAlerts(query);
  if (!alerts.ok()) return StatusResponse(alerts.status());
  Json items = Json::array();
  for (const store::AlertRecord& alert : *alerts) items.push_back(AlertJson(alert));
  return http::JsonResponse(200, DumpJson(Json{{"alerts", std::move(items)}}));
}

http::Response Center::PatchAlert(http::Request& request, const Principal& who) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  std::string status_name = JsonString(*body, "status");
  if (status_name != "new" && status_name != "handled" && status_name != "ignored") {
    return http::ErrorResponse(
        400, absl::StrCat("status \"", status_name, "\": expected new, handled or ignored"));
  }
  std::string id = request.Param("id");
  absl::Status status =
      deps_.store->SetAlertStatus(id, status_name, Audit(who, "alert.status", id, status_name));
  if (!status.ok()) return StatusResponse(status);
  return http::JsonResponse(200, DumpJson(Json{{"id", id}, {"status", status_name}}));
}

http::Response Center::GetWebhooks(http::Request&, const Principal&) {
  auto value = deps_.store->GetSetting(kWebhooksKey);
  if (!value.ok()) return StatusResponse(value.status());
  return http::JsonResponse(200, value->value_or(R"({"webhooks":[]})"));
}

http::Response Center::PutWebhooks(http::Request& request, const Principal& who) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  const Json* hooks = JsonField(*body, "webhooks");
  if (hooks == nullptr || !hooks->is_array()) {
    return http::ErrorResponse(400, "webhooks: expected an array of {\"url\": ...}");
  }
  Json clean = Json::array();
  for (const Json& hook : *hooks) {
    std::string url = hook.is_object() ? JsonString(hook, "url") : "";
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return http::ErrorResponse(
          400, absl::StrCat("webhook url \"", url, "\": expected an http:// or https:// URL"));
    }
    clean.push_back(Json{{"url", url}});
  }
  std::string value = DumpJson(Json{{"webhooks", clean}});
  absl::Status status = deps_.store->PutSetting(kWebhooksKey, value,
                                                Audit(who, "settings.webhooks", "webhooks", value));
  if (!status.ok()) return StatusResponse(status);
  return http::JsonResponse(200, value);
}

http::Response Center::Microsegmentation(http::Request&, const Principal&) {
  if (!Edition().ultimate) {
    return http::ErrorResponse(
        403, license::RequiredEditionMessage(license::Feature::kMicrosegmentation));
  }
  return http::JsonResponse(200, R"({"networkObjects":[],"rules":[]})");
}

}  // namespace moat::server
