// .NET *.deps.json files that the SDK writes next to an application: the "libraries" of type
// "package" are the NuGet packages the application was built and ships with.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class DotnetDepsCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "dotnet-deps"; }
  bool Wants(const image::FileRecord& file) const override;
  // "Name/Version" keys of package libraries (projects, reference assemblies and runtime packs
  // are skipped). Errors: invalid JSON, not an object.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
