// The product tree of a Red Hat CSAF document: which product ids are RHEL platforms (from their
// CPEs), which are rpm packages (from their purls), and which "package on platform" ids the
// relationships define — resolved to the distro key and source package the matcher uses.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/json.h"

namespace moat::vulndb {

struct CsafPackage {
  std::string name;
  std::string evr;     // "[epoch:]version-release"; "" for an unversioned component
  std::string arch;    // "src" for source rpms
  std::string module;  // "ruby:2.5" for modular rpms (from the purl's rpmmod)
};

// "rhel:<major>" for Red Hat Enterprise Linux CPEs (enterprise_linux and rhel_els); "" for
// other products and for EUS/AUS/E4S/TUS streams, which Moat does not match.
std::string RhelDistroFromCpe(absl::string_view cpe);

// An rpm purl ("pkg:rpm/redhat/ruby@2.5.9-111.el8?arch=src&epoch=1&rpmmod=ruby:2.5:…");
// nullopt for other purl types.
std::optional<CsafPackage> ParseRpmPurl(absl::string_view purl);

class CsafProducts {
 public:
  explicit CsafProducts(const Json& product_tree);

  struct Resolved {
    std::string distro;
    CsafPackage package;
  };
  // The rpm on a supported RHEL release that `product_id` names, through a relationship or as
  // "<platform id>:<component>"; nullopt otherwise.
  std::optional<Resolved> Resolve(absl::string_view product_id) const;

  // The source package that built `binary`: the document's source rpm with the same EVR and
  // module, else with the same release and module, else the shortest binary name of the same
  // build that prefixes it ("bind" for "bind-utils"), else the binary's own name.
  std::string SourceName(const CsafPackage& binary) const;

 private:
  void Walk(const Json& branches, int depth);
  void AddProduct(const Json& product);

  std::map<std::string, std::string, std::less<>> platforms_;  // product id → distro
  std::map<std::string, CsafPackage, std::less<>> packages_;   // product id → rpm
  std::set<std::string, std::less<>> other_products_;          // ids of non-rpm products
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> relations_;
  absl::flat_hash_map<std::string, std::vector<std::string>> sources_by_evr_;
  absl::flat_hash_map<std::string, std::vector<std::string>> sources_by_release_;
  absl::flat_hash_map<std::string, std::vector<std::string>> binaries_by_evr_;
};

}  // namespace moat::vulndb
