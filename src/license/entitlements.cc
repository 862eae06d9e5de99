#include "license/entitlements.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace moat::license {
namespace {

struct FeatureSpec {
  Feature feature;
  const char* name;
  Edition minimum;
};

// Editions are ordered: a higher edition includes everything of the lower ones.
constexpr std::array<FeatureSpec, 2> kFeatures = {{
    {Feature::kMicrosegmentation, "microsegmentation", Edition::kUltimate},
    {Feature::kHostProtection, "host protection", Edition::kUltimate},
}};

const FeatureSpec& Spec(Feature feature) {
  for (const FeatureSpec& spec : kFeatures) {
    if (spec.feature == feature) return spec;
  }
  return kFeatures[0];  // unreachable: every enumerator has a row
}

}  // namespace

const char* FeatureName(Feature feature) { return Spec(feature).name; }

Edition RequiredEdition(Feature feature) { return Spec(feature).minimum; }

bool Allows(Edition edition, Feature feature) {
  return static_cast<int>(edition) >= static_cast<int>(Spec(feature).minimum);
}

std::vector<Feature> Entitlements(Edition edition) {
  std::vector<Feature> features;
  for (const FeatureSpec& spec : kFeatures) {
    if (Allows(edition, spec.feature)) features.push_back(spec.feature);
  }
  return features;
}

std::string RequiredEditionMessage(Feature feature) {
  const FeatureSpec& spec = Spec(feature);
  return absl::StrCat(spec.name, " requires the ", EditionTitle(spec.minimum), " edition");
}

}  // namespace moat::license
