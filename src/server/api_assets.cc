// Assets: the clusters, nodes, hosts and containers the center protects. Agents and admission
// report them (later modules) through POST; protecting hosts is an Ultimate feature.
#include <utility>

#include "absl/strings/str_cat.h"
#include "license/entitlements.h"
#include "server/api_json.h"
#include "server/center.h"

namespace moat::server {
namespace {

Json AssetJson(const store::AssetRecord& asset) {
  auto labels = ParseJson(asset.labels, "asset labels");
  return Json{{"id", asset.id},
              {"kind", asset.kind},
              {"name", asset.name},
              {"parent", asset.parent_id},
              {"imageDigest", asset.image_digest},
              {"labels", labels.ok() ? *labels : Json::object()},
              {"firstSeen", FormatTimeMs(asset.first_seen)},
              {"lastSeen", FormatTimeMs(asset.last_seen)}};
}

}  // namespace

http::Response Center::ListAssets(http::Request& request, const Principal&) {
  auto page = QueryPage(request, 50);
  if (!page.ok()) return StatusResponse(page.status());
  store::AssetQuery query;
  query.kind = request.Query("kind");
  query.parent_id = request.Query("parent");
  query.image_digest = request.Query("image");
  query.offset = page->offset;
  query.limit = page->limit;
  auto assets = deps_.store->ListAssets(query);
  if (!assets.ok()) return StatusResponse(assets.status());
  Json items = Json::array();
  for (const store::AssetRecord& asset : *assets) items.push_back(AssetJson(asset));
  return http::JsonResponse(200, DumpJson(Json{{"assets", std::move(items)}}));
}

http::Response Center::ReportAsset(http::Request& request, const Principal&) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  store::AssetRecord asset;
  asset.kind = JsonString(*body, "kind");
  asset.name = JsonString(*body, "name");
  asset.parent_id = JsonString(*body, "parent");
  asset.image_digest = JsonString(*body, "imageDigest");
  if (const Json* labels = JsonField(*body, "labels"); labels != nullptr) {
    if (!labels->is_object()) return http::ErrorResponse(400, "labels: expected an object");
    asset.labels = DumpJson(*labels);
  }
  if (asset.kind == "host" && !Edition().ultimate) {
    return http::ErrorResponse(403,
                               license::RequiredEditionMessage(license::Feature::kHostProtection));
  }
  asset.last_seen = NowMs();
  auto stored = deps_.store->UpsertAsset(asset);
  if (!stored.ok()) return StatusResponse(stored.status());
  return http::JsonResponse(201, DumpJson(AssetJson(*stored)));
}

}  // namespace moat::server
