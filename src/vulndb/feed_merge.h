// Combining two statements about the same distro package in one advisory (Ubuntu and
// Ubuntu Pro entries of one release, several Red Hat products of one release).
#pragma once

#include <vector>

#include "vulndb/advisory.h"

namespace moat::vulndb {

// Adds `entry` to `list`. Application packages are always appended (several OSV entries for
// one package are a union). A distro package already in the list (same ecosystem, distro and
// package) keeps the stronger statement — fixed, then not affected, will not fix, end of life,
// unfixed — and for equal states the union of ranges (identical ranges once) and versions.
void AddAffected(std::vector<AffectedPackage>& list, AffectedPackage entry);

}  // namespace moat::vulndb
