#include "cli/image_opener.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "image/open_image.h"
#include "image/registry_credentials.h"
#include "image/registry_reference.h"
#include "image/registry_source.h"
#include "platform/clock.h"

namespace moat::cli {

void AddOpenFlags(CLI::App& sub, OpenFlags& flags) {
  sub.add_option("--input-type", flags.input_type,
                 "auto, docker-archive, oci-archive, oci-dir, rootfs or registry")
      ->capture_default_str();
  sub.add_option("--platform", flags.platform, "Platform to pick from multi-platform images")
      ->capture_default_str();
  sub.add_option("--username", flags.username, "Registry user (env MOAT_REGISTRY_USERNAME)");
  sub.add_option("--password", flags.password, "Registry password (env MOAT_REGISTRY_PASSWORD)");
  sub.add_option("--ca-file", flags.ca_file, "PEM CA bundle to trust for the registry");
  sub.add_flag(
      "--insecure", flags.insecure,
      "Do not verify the registry TLS certificate; fall back to plain HTTP if HTTPS fails");
  sub.add_flag("--plain-http", flags.plain_http, "Talk plain HTTP to the registry");
  sub.add_option("--retries", flags.retries, "Attempts for transient registry errors")
      ->capture_default_str();
  sub.add_option("--timeout", flags.timeout_seconds,
                 "Seconds a registry may stay silent before the transfer fails")
      ->capture_default_str();
  image::ScanLimits& l = flags.limits;
  sub.add_option("--max-file-size", l.max_file_size,
                 "Largest file read into memory for analysis (bytes; K/M/G suffixes)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  sub.add_option("--max-files", l.max_files, "Most files an image may hold")->capture_default_str();
  sub.add_option("--max-path-length", l.max_path_length, "Longest path in a layer (bytes)")
      ->capture_default_str();
  sub.add_option("--max-layers", l.max_layers, "Most layers an image may have")
      ->capture_default_str();
  sub.add_option("--max-decompression-ratio", l.max_decompression_ratio,
                 "Largest uncompressed/compressed size ratio of a layer")
      ->capture_default_str();
}

namespace {

constexpr int64_t kMaxDockerConfig = 4 << 20;

// The environment the registry options may come from; library code gets it as data.
std::map<std::string, std::string> RegistryEnv(const Context& ctx) {
  std::map<std::string, std::string> env;
  for (const char* name :
       {"MOAT_REGISTRY_USERNAME", "MOAT_REGISTRY_PASSWORD", "DOCKER_CONFIG", "HOME"}) {
    if (auto value = ctx.getenv(name)) env[name] = *value;
  }
  return env;
}

absl::StatusOr<std::unique_ptr<image::ImageSource>> OpenRegistry(Context& ctx,
                                                                 const OpenFlags& flags,
                                                                 const std::string& reference,
                                                                 const image::Platform& platform) {
  MOAT_ASSIGN_OR_RETURN(image::RegistryReference ref, image::ParseRegistryReference(reference));
  std::map<std::string, std::string> env = RegistryEnv(ctx);
  std::string config_path = image::DockerConfigPath(env);
  std::string config_text;
  if (!config_path.empty() && ctx.fs->Stat(config_path).ok()) {
    MOAT_ASSIGN_OR_RETURN(config_text, ctx.fs->ReadFile(config_path, kMaxDockerConfig));
  }
  image::RegistryCredentials from_flags;
  from_flags.username = flags.username;
  from_flags.password = flags.password;
  from_flags.source = "--username";
  image::RegistryOptions options;
  options.reference = reference;
  MOAT_ASSIGN_OR_RETURN(
      options.credentials,
      image::ResolveCredentials(ref.registry, from_flags, env, config_text, config_path));
  options.ca_file = flags.ca_file;
  options.insecure = flags.insecure;
  options.plain_http = flags.plain_http;
  options.platform = platform;
  options.limits = flags.limits;
  options.retry.max_attempts = std::max(1, flags.retries);
  options.idle_timeout = absl::Seconds(flags.timeout_seconds);
  auto http = ctx.make_http_client(image::HttpClientOptionsFor(options));
  return image::OpenRegistryImage(options, std::move(http),
                                  std::make_unique<platform::RealClock>());
}

}  // namespace

absl::StatusOr<std::unique_ptr<image::ImageSource>> OpenImage(Context& ctx,
                                                              const OpenFlags& flags) {
  image::InputType forced;
  if (!image::ParseInputType(flags.input_type, &forced)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown --input-type ", flags.input_type));
  }
  image::Platform platform;
  if (!image::ParsePlatform(flags.platform, &platform)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--platform ", flags.platform, ": expected os/arch[/variant]"));
  }
  MOAT_ASSIGN_OR_RETURN(image::ResolvedTarget target,
                        image::ResolveTarget(ctx.fs, flags.target, forced));
  if (target.type != image::InputType::kRegistry) {
    return image::OpenLocalImage(ctx.fs, target, platform, flags.limits);
  }
  return OpenRegistry(ctx, flags, target.path, platform);
}

}  // namespace moat::cli
