// Store behaviour: registries, tags, tokens, the audit log, alerts and settings, on SQLite and
// PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace moat::store {
namespace {

using ::testing::ElementsAre;

RegistryRecord Registry(const std::string& name) {
  RegistryRecord r;
  r.name = name;
  r.type = "harbor";
  r.url = "https://harbor.example";
  r.username = "robot";
  r.secret = "sealed:abc";
  r.insecure = true;
  r.ca_pem = "-----BEGIN CERTIFICATE-----";
  r.repositories = {"library/alpine", "org/app"};
  r.scan_interval_s = 3600;
  return r;
}

std::vector<std::string> AuditActions(Store& store) {
  std::vector<std::string> actions;
  absl::StatusOr<std::vector<AuditEntry>> audit = store.ListAudit(0, 100);
  EXPECT_TRUE(audit.ok()) << audit.status();
  if (audit.ok()) {
    for (const AuditEntry& e : *audit) actions.push_back(e.action + " " + e.target);
  }
  return actions;
}

TEST_P(StoreTest, CreateGetListRegistry) {
  absl::StatusOr<RegistryRecord> created =
      store_->CreateRegistry(Registry("harbor"), Audit("registry.create", "harbor"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->id.size(), 32u);
  EXPECT_EQ(created->created_at, NowMs());
  absl::StatusOr<RegistryRecord> got = store_->GetRegistry(created->id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name, "harbor");
  EXPECT_EQ(got->type, "harbor");
  EXPECT_EQ(got->url, "https://harbor.example");
  EXPECT_EQ(got->username, "robot");
  EXPECT_EQ(got->secret, "sealed:abc");
  EXPECT_TRUE(got->insecure);
  EXPECT_EQ(got->ca_pem, "-----BEGIN CERTIFICATE-----");
  EXPECT_THAT(got->repositories, ElementsAre("library/alpine", "org/app"));
  EXPECT_EQ(got->scan_interval_s, 3600);
  EXPECT_EQ(got->created_at, NowMs());

  ASSERT_TRUE(store_->CreateRegistry(Registry("acr"), Audit("registry.create", "acr")).ok());
  absl::StatusOr<std::vector<RegistryRecord>> all = store_->ListRegistries();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "acr");
  EXPECT_EQ((*all)[1].name, "harbor");
  ASSERT_TRUE(store_->SetRegistryScanned(created->id, 777).ok());
  EXPECT_EQ(store_->GetRegistry(created->id)->last_scan_at, 777);
  EXPECT_EQ(store_->SetRegistryScanned("nope", 1).code(), absl::StatusCode::kNotFound);
}

TEST_P(StoreTest, DuplicateRegistryNameIsAlreadyExistsWithoutAudit) {
  ASSERT_TRUE(store_->CreateRegistry(Registry("x"), Audit("registry.create", "x")).ok());
  absl::StatusOr<RegistryRecord> again =
      store_->CreateRegistry(Registry("x"), Audit("registry.create", "x-again"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().message(),
            "store: creating registry \"x\": a registry with this name exists");
  EXPECT_THAT(AuditActions(*store_), ElementsAre("registry.create x"));
}

TEST_P(StoreTest, DeleteRegistryAndUnknownIdsAreNotFound) {
  absl::StatusOr<RegistryRecord> created =
      store_->CreateRegistry(Registry("x"), Audit("registry.create", "x"));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(store_->DeleteRegistry(created->id, Audit("registry.delete", "x")).ok());
  absl::StatusOr<RegistryRecord> gone = store_->GetRegistry(created->id);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(gone.status().message(),
            "store: reading registry " + created->id + ": no such registry");
  absl::Status again = store_->DeleteRegistry(created->id, Audit("registry.delete", "again"));
  EXPECT_EQ(again.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(again.message(), "store: deleting registry " + created->id + ": no such registry");
  EXPECT_THAT(AuditActions(*store_), ElementsAre("registry.delete x", "registry.create x"));
}

TEST_P(StoreTest, RegistryScheduleChangesWithAnAuditRow) {
  absl::StatusOr<RegistryRecord> created =
      store_->CreateRegistry(Registry("x"), Audit("registry.create", "x"));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(store_->SetRegistrySchedule(created->id, 3600, Audit("registry.schedule", "x")).ok());
  EXPECT_EQ(store_->GetRegistry(created->id)->scan_interval_s, 3600);
  ASSERT_TRUE(store_->SetRegistrySchedule(created->id, 0, Audit("registry.schedule", "x")).ok());
  EXPECT_EQ(store_->GetRegistry(created->id)->scan_interval_s, 0);
  absl::Status missing = store_->SetRegistrySchedule("nope", 60, Audit("registry.schedule", "n"));
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "store: scheduling registry nope: no such registry");
  EXPECT_THAT(AuditActions(*store_),
              ElementsAre("registry.schedule x", "registry.schedule x", "registry.create x"));
}

TEST_P(StoreTest, RecordTagReportsNewAndMovedTags) {
  EXPECT_TRUE(*store_->RecordTag("r1", "library/alpine", "3.19", "sha256:a"));
  EXPECT_FALSE(*store_->RecordTag("r1", "library/alpine", "3.19", "sha256:a"));
  EXPECT_TRUE(*store_->RecordTag("r1", "library/alpine", "3.19", "sha256:b"));
  EXPECT_FALSE(*store_->RecordTag("r1", "library/alpine", "3.19", "sha256:b"));
  EXPECT_TRUE(*store_->RecordTag("r2", "library/alpine", "3.19", "sha256:b"));
  EXPECT_TRUE(*store_->RecordTag("r1", "library/alpine", "latest", "sha256:b"));
}

TEST_P(StoreTest, TokensFoundByHashUntilRevoked) {
  TokenRecord token{.id = "",
                    .name = "ci-bot",
                    .role = Role::kOperator,
                    .hash = std::string(64, 'f'),
                    .created_at = 0,
                    .created_by = "admin",
                    .last_used_at = 0,
                    .revoked = false};
  absl::StatusOr<TokenRecord> created = store_->CreateToken(token, Audit("token.create", "ci-bot"));
  ASSERT_TRUE(created.ok()) << created.status();

  absl::StatusOr<std::optional<TokenRecord>> found = store_->FindToken(token.hash, 90'000);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, created->id);
  EXPECT_EQ((*found)->name, "ci-bot");
  EXPECT_EQ((*found)->role, Role::kOperator);
  EXPECT_EQ((*found)->created_by, "admin");
  EXPECT_EQ((*found)->last_used_at, 90'000);
  // Within a minute of the last recorded use, a lookup writes nothing.
  EXPECT_EQ((*store_->FindToken(token.hash, 120'000))->last_used_at, 90'000);
  absl::StatusOr<std::vector<TokenRecord>> all = store_->ListTokens();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].last_used_at, 90'000);
  EXPECT_EQ((*store_->FindToken(token.hash, 150'000))->last_used_at, 150'000);

  EXPECT_FALSE(store_->FindToken(std::string(64, 'e'), 1)->has_value());
  absl::StatusOr<TokenRecord> same_hash = store_->CreateToken(token, Audit("token.create", "dup"));
  EXPECT_EQ(same_hash.status().code(), absl::StatusCode::kAlreadyExists);

  ASSERT_TRUE(store_->RevokeToken(created->id, Audit("token.revoke", created->id)).ok());
  EXPECT_FALSE(store_->FindToken(token.hash, 300'000)->has_value());
  EXPECT_TRUE(store_->ListTokens()->at(0).revoked);
  EXPECT_EQ(store_->ListTokens()->at(0).last_used_at, 150'000);
  EXPECT_EQ(store_->RevokeToken("nope", Audit("token.revoke", "nope")).code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(AuditActions(*store_),
              ElementsAre("token.revoke " + created->id, "token.create ci-bot"));
}

TEST_P(StoreTest, AuditIsNewestFirstWithTimesAndPaging) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry entry = Audit("setting.update", "k" + std::to_string(i));
    entry.detail = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(store_->PutSetting("k" + std::to_string(i), "v", entry).ok());
    if (i == 2) clock_.Advance(absl::Seconds(1));
  }
  absl::StatusOr<std::vector<AuditEntry>> page = store_->ListAudit(1, 2);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].target, "k3");
  EXPECT_EQ((*page)[1].target, "k2");
  EXPECT_EQ((*page)[0].actor, "admin");
  EXPECT_EQ((*page)[0].detail, "{\"n\":3}");
  EXPECT_EQ((*page)[0].time, NowMs());
  EXPECT_EQ((*page)[1].time, NowMs() - 1000);
  EXPECT_GT((*page)[0].id, (*page)[1].id);
  EXPECT_EQ(store_->ListAudit(0, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreTest, SettingsRoundTrip) {
  EXPECT_FALSE(store_->GetSetting("webhooks")->has_value());
  ASSERT_TRUE(store_->PutSetting("webhooks", "[1]", Audit("settings.update", "webhooks")).ok());
  ASSERT_TRUE(store_->PutSetting("webhooks", "[2]", Audit("settings.update", "webhooks")).ok());
  absl::StatusOr<std::optional<std::string>> value = store_->GetSetting("webhooks");
  ASSERT_TRUE(value.ok() && value->has_value());
  EXPECT_EQ(**value, "[2]");
}

TEST_P(StoreTest, AlertsFilterAndStatus) {
  AlertRecord gate{.id = "",
                   .time = 10,
                   .kind = "ci-gate",
                   .severity = "high",
                   .digest = "sha256:a",
                   .message = "gate failed",
                   .detail = "{}",
                   .status = ""};
  absl::StatusOr<AlertRecord> first = store_->CreateAlert(gate);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->status, "new");
  AlertRecord critical = gate;
  critical.kind = "new-critical";
  critical.time = 20;
  absl::StatusOr<AlertRecord> second = store_->CreateAlert(critical);
  ASSERT_TRUE(second.ok());

  absl::StatusOr<std::vector<AlertRecord>> all = store_->ListAlerts({});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, "new-critical");
  EXPECT_EQ((*all)[1].message, "gate failed");
  EXPECT_EQ(store_->ListAlerts({.status = "", .kind = "ci-gate"})->size(), 1u);

  ASSERT_TRUE(store_->SetAlertStatus(first->id, "handled", Audit("alert.update", first->id)).ok());
  absl::StatusOr<std::vector<AlertRecord>> handled = store_->ListAlerts({.status = "handled"});
  ASSERT_TRUE(handled.ok());
  ASSERT_EQ(handled->size(), 1u);
  EXPECT_EQ((*handled)[0].id, first->id);
  EXPECT_EQ(store_->ListAlerts({.status = "new"})->size(), 1u);

  absl::Status bad = store_->SetAlertStatus(first->id, "done", Audit("alert.update", "x"));
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(),
            "store: setting the status of alert " + first->id +
                ": unknown alert status \"done\" (expected new, handled or ignored)");
  EXPECT_EQ(store_->SetAlertStatus("nope", "ignored", Audit("alert.update", "nope")).code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(AuditActions(*store_), ElementsAre("alert.update " + first->id));
}

}  // namespace
}  // namespace moat::store

namespace moat::store {
namespace {

TEST_P(StoreTest, AssetsAreUpsertedByKindParentAndName) {
  absl::StatusOr<AssetRecord> cluster =
      store_->UpsertAsset({.kind = "cluster", .name = "prod", .last_seen = 1000});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  EXPECT_EQ(cluster->labels, "{}");
  EXPECT_EQ(cluster->first_seen, 1000);
  AssetRecord container{.kind = "container",
                        .name = "web-1",
                        .parent_id = cluster->id,
                        .image_digest = "sha256:aa",
                        .labels = R"({"app":"web"})",
                        .last_seen = 2000};
  absl::StatusOr<AssetRecord> first = store_->UpsertAsset(container);
  ASSERT_TRUE(first.ok()) << first.status();
  container.image_digest = "sha256:bb";
  container.last_seen = 3000;
  absl::StatusOr<AssetRecord> again = store_->UpsertAsset(container);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->first_seen, 2000);
  EXPECT_EQ(again->last_seen, 3000);
  EXPECT_EQ(again->image_digest, "sha256:bb");

  absl::StatusOr<std::vector<AssetRecord>> all = store_->ListAssets({});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "web-1");  // newest seen first
  absl::StatusOr<std::vector<AssetRecord>> running =
      store_->ListAssets({.image_digest = "sha256:bb"});
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ((*running)[0].labels, R"({"app":"web"})");
  EXPECT_EQ(store_->ListAssets({.kind = "host"})->size(), 0u);
  EXPECT_EQ(store_->ListAssets({.parent_id = cluster->id})->size(), 1u);

  EXPECT_EQ(store_->UpsertAsset({.kind = "vm", .name = "x"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->UpsertAsset({.kind = "host", .name = ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListAssets({.limit = 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace moat::store
