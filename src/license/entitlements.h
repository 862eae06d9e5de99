// What each edition may use: Enterprise is the base product, Ultimate adds microsegmentation and
// host protection. One table, read by the server's route gates and the console.
#pragma once

#include <string>
#include <vector>

#include "license/license.h"

namespace moat::license {

enum class Feature { kMicrosegmentation, kHostProtection };

// "microsegmentation", "host protection".
const char* FeatureName(Feature feature);
// The lowest edition that includes `feature`.
Edition RequiredEdition(Feature feature);
// True when `edition` includes `feature`.
bool Allows(Edition edition, Feature feature);
// Every feature `edition` includes, in table order.
std::vector<Feature> Entitlements(Edition edition);
// "microsegmentation requires the Ultimate edition".
std::string RequiredEditionMessage(Feature feature);

}  // namespace moat::license
