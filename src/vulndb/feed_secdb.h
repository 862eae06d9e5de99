// Alpine, Wolfi and Chainguard security databases ("secdb": alpine-secdb v3.x/main.yaml,
// secdb.alpinelinux.org JSON, packages.wolfi.dev security.json, and vuln-list's one file per
// package): packages[].pkg.name with secfixes {fixed version: [ids]}. One Advisory part per id
// and file, package = the origin (source) package, source "alpine", "wolfi" or "chainguard".
#pragma once

#include "absl/strings/string_view.h"
#include "common/json.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// {"packages": [...]} with a repository field (reponame, distroversion, urlprefix, apkurl), or
// vuln-list's {"name": …, "secfixes": {…}}.
bool LooksLikeSecdb(const Json& doc);

// Distro: urlprefix on wolfi.dev → "wolfi"; cgr.dev or reponame "chainguard" → "chainguard";
// otherwise Alpine from distroversion ("v3.15" → "alpine:3.15", "edge" → "alpine:edge"),
// else from a "v3.15" component of `path`. Fixed version "0" means not affected; other
// versions give introduced 0, fixed V. An entry "CVE-2017-8904 XSA-214" has the first id as
// the advisory id and the rest as aliases; text that is not an id ("(+ regression fix)") is
// ignored, and an entry without any id is Skipped. A package whose secfixes are not a map of
// lists, or a file without a known release, is Malformed.
void ParseSecdb(const Json& doc, absl::string_view path, FeedOutput* out);

}  // namespace moat::vulndb
