#include "detect/secret_builtin_rules.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::detect {
namespace {

// One row of the table. `keywords` is '|'-separated (see SecretRule::keywords); a regex whose
// secret is a part of the match names it (?<secret>...).
struct Row {
  const char* id;
  const char* provider;
  const char* title;
  const char* severity;
  const char* keywords;
  std::string regex;
  double entropy = 0;
  bool multiline = false;
};

// Left and right token boundaries (no identifier character next to the token).
constexpr char kL[] = "(?<![A-Za-z0-9_])";
constexpr char kR[] = "(?![A-Za-z0-9_])";

// A value assigned to a name that mentions `name`: `name_secret = "value"`, `name: 'value'`.
std::string Keyed(absl::string_view name, absl::string_view value) {
  return absl::StrCat("(?i)", name,
                      R"([\w .,-]{0,25}?[ \t]*(?:=>|:=|<=|\|\|:|=|:|>)[^'"\n]{0,5}?['"])",
                      "(?<secret>", value, ")['\"]");
}

constexpr char kUuid[] = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

std::vector<Row> Rows() {
  const std::string L = kL, R = kR;
  return {
      // Cloud providers.
      {"aws-access-key-id", "AWS", "AWS Access Key ID", "critical",
       "re:(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}",
       "(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)"
       "[A-Z0-9]{16})(?![A-Za-z0-9])"},
      {"aws-secret-access-key", "AWS", "AWS Secret Access Key", "critical", "aws",
       R"((?i)aws_?(?:sec(?:ret)?)?_?(?:access)?_?key["']?\s*(?:=>|:|=)?\s*["']?(?<secret>[a-z0-9/+=]{40})(?![a-z0-9/+=]))"},
      {"gcp-service-account", "Google", "Google Cloud service account key", "critical",
       "service_account", R"("type"\s*:\s*"service_account")"},
      {"google-api-key", "Google", "Google API key", "high", "AIza",
       L + "(?<secret>AIza[0-9A-Za-z_-]{35})" + R},
      {"alibaba-access-key-id", "Alibaba", "Alibaba AccessKey ID", "high", "LTAI",
       "(?<![A-Za-z0-9])(?<secret>LTAI[A-Za-z0-9]{20})(?![A-Za-z0-9])"},
      {"alibaba-secret-key", "Alibaba", "Alibaba AccessKey secret", "high", "alibaba",
       Keyed("alibaba", "[a-z0-9]{30}")},
      {"azure-storage-account-key", "Azure", "Azure Storage account key", "critical", "AccountKey",
       R"((?i)AccountKey\s*=\s*(?<secret>[A-Za-z0-9+/]{86}==))"},
      {"azure-sas-token", "Azure", "Azure shared access signature", "high", "sig=",
       R"(\bsv=\d{4}-\d\d-\d\d(?:[&;][A-Za-z]{1,8}=[^&;\s'"]*){1,16}[&;]sig=(?<secret>[A-Za-z0-9%+/=]{40,}))"},
      {"azure-devops-pat", "Azure", "Azure DevOps personal access token", "high",
       "azure_devops|azuredevops|azure-devops|ado_pat|ado_token|ado-pat|ado-token",
       R"((?i)(?:azure[_-]?devops|ado)[_-]?(?:pat|token|personal.?access.?token)\s*[:=]\s*["']?(?<secret>[a-z2-7]{52}|[a-z0-9]{84})(?![a-z0-9]))"},
      {"azure-entra-client-secret", "Azure", "Azure Entra ID client secret", "critical", "8Q~",
       R"((?<![\w~.-])(?<secret>[\w~.-]{3}8Q~[\w~.-]{34})(?![\w~.-]))"},
      {"azure-container-registry-credential", "Azure", "Azure Container Registry credential",
       "critical", "ACYeBjFEqg7NAAA",
       "(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{52}JQQJ99C[A-Z]ACYeBjFEqg7NAAA[A-Z]AZCR"
       "[A-Za-z0-9+/]{4})"},
      {"azure-container-registry-password", "Azure", "Azure Container Registry password",
       "critical", "azurecr.io",
       R"((?i)azurecr\.io[^\n]{0,100}?(?:password|pwd)\s*[:=]\s*["']?(?<secret>[a-z0-9+/=]{32,88}))"},
      {"azure-app-config-connection-string", "Azure", "Azure App Configuration connection string",
       "critical", "azconfig.io",
       R"((?i)Endpoint\s*=\s*https://[\w-]+\.azconfig\.io\s*;\s*Id\s*=\s*[\w+/=:-]+\s*;\s*Secret\s*=\s*(?<secret>[a-z0-9+/=~]{32,88}))"},
      {"azure-ai-services-key", "Azure", "Azure AI services key", "high", "XJ3w3",
       "(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{52}JQQJ99C[A-Z][A-Za-z0-9+/]{7}XJ3w3"
       "[A-Za-z0-9+/]{4}ACOG[A-Za-z0-9+/]{4})"},
      {"digitalocean-token", "DigitalOcean", "DigitalOcean access token", "critical",
       "dop_v1_|doo_v1_|dor_v1_", L + "(?<secret>do[opr]_v1_[a-f0-9]{64})" + R},
      // Source hosting and package registries.
      {"github-pat", "GitHub", "GitHub Personal Access Token", "critical", "ghp_",
       L + "(?<secret>ghp_[A-Za-z0-9]{36})"},
      {"github-oauth", "GitHub", "GitHub OAuth access token", "critical", "gho_",
       L + "(?<secret>gho_[A-Za-z0-9]{36})"},
      {"github-app-token", "GitHub", "GitHub App token", "critical", "ghu_|ghs_",
       L + "(?<secret>ghu_[A-Za-z0-9]{36}|ghs_[A-Za-z0-9._-]{36,})"},
      {"github-refresh-token", "GitHub", "GitHub refresh token", "critical", "ghr_",
       L + "(?<secret>ghr_[A-Za-z0-9]{76})"},
      {"github-fine-grained-pat", "GitHub", "GitHub fine-grained personal access token", "critical",
       "github_pat_", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"},
      {"gitlab-pat", "GitLab", "GitLab personal access token", "critical", "glpat-",
       L + "(?<secret>glpat-[\\w-]{20,64})"},
      {"gitlab-runner-token", "GitLab", "GitLab runner authentication token", "high", "glrt-",
       L + "(?<secret>glrt-[\\w-]{20,64})"},
      {"gitlab-deploy-token", "GitLab", "GitLab deploy token", "high", "gldt-",
       L + "(?<secret>gldt-[\\w-]{20,64})"},
      {"bitbucket-client-id", "Bitbucket", "Bitbucket client ID", "high", "bitbucket",
       Keyed("bitbucket", "[a-z0-9]{32}")},
      {"bitbucket-client-secret", "Bitbucket", "Bitbucket client secret", "high", "bitbucket",
       Keyed("bitbucket", "[a-z0-9_-]{64}")},
      {"npm-access-token", "Npm", "npm access token", "critical", "npm_",
       L + "(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])"},
      {"pypi-upload-token", "PyPI", "PyPI upload token", "high", "pypi-AgEIcHlwaS5vcmc",
       "pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}"},
      {"rubygems-api-token", "RubyGems", "RubyGems API token", "medium", "rubygems_",
       "rubygems_[a-f0-9]{48}"},
      {"clojars-api-token", "Clojars", "Clojars deploy token", "medium", "CLOJARS_",
       "CLOJARS_[A-Za-z0-9]{60}"},
      {"private-packagist-token", "Private Packagist", "Private Packagist token", "high",
       "packagist_uut_|packagist_ort_|packagist_out_", "packagist_[ou][ru]t_[a-fA-F0-9]{68}"},
      {"pulumi-api-token", "Pulumi", "Pulumi access token", "high", "pul-", "pul-[a-f0-9]{40}"},
      {"hashicorp-tf-api-token", "HashiCorp", "Terraform Cloud API token", "medium", "atlasv1.",
       R"([A-Za-z0-9]{14}\.atlasv1\.[\w=-]{60,70})"},
      {"dockerconfig-secret", "Docker", "Docker registry credentials in a Kubernetes secret",
       "high", "dockerc",
       R"((?i)\.(?:dockerconfigjson|dockercfg):\s*\|?\s*(?<secret>(?:ey|ew)[A-Za-z0-9/+=]+))", 0,
       true},
      // Keys and tokens of generic formats.
      {"private-key", "AsymmetricPrivateKey", "Asymmetric private key", "high", "PRIVATE KEY",
       R"((?i)-----\s*BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?\s*-----\s*(?<secret>[A-Za-z0-9+/=\\][A-Za-z0-9+/=\\\s]{30,32768}?[A-Za-z0-9+/=\\])\s*-----\s*END[ A-Z0-9_-]*PRIVATE KEY)",
       0, true},
      {"jwt-token", "JWT", "JSON Web Token", "medium", ".eyJ",
       R"((?<![\w-])(?<secret>eyJ[A-Za-z0-9_-]{15,}\.eyJ[\w/\\-]{15,}\.(?:[\w/\\-]{10,}={0,2})?))"},
      {"age-secret-key", "Age", "age secret key", "medium", "AGE-SECRET-KEY-1",
       "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"},
      {"symfony-default-secret", "Symfony", "Symfony default secret", "high", "TokenIsNotSoSecret",
       "ThisTokenIsNotSoSecretChangeIt|ThisEzPlatformTokenIsNotSoSecret_PleaseChangeIt"},
      {"maven-settings-password", "Maven", "Password in Maven settings", "high",
       R"(re:(?i)<\s*password\s*>)",
       R"((?i)<\s*password\s*>\s*(?<secret>[^<\s{$][^<{}]*[^<\s{}])\s*<\s*/\s*password\s*>)"},
      {"maven-settings-passphrase", "Maven", "Passphrase in Maven settings", "high",
       R"(re:(?i)<\s*passphrase\s*>)",
       R"((?i)<\s*passphrase\s*>\s*(?<secret>[^<\s{$][^<{}]*[^<\s{}])\s*<\s*/\s*passphrase\s*>)"},
      {"maven-settings-security-master", "Maven", "Maven master password", "high",
       R"(re:(?i)<\s*master\s*>)",
       R"((?i)<\s*master\s*>\s*(?<secret>[^<\s][^<]*[^<\s])\s*<\s*/\s*master\s*>)"},
      // Random-looking values (entropy, not kebab-case words, not paths or references)
      // assigned to a credential-like name; keywords, not a prefilter regex: literals are
      // cheap for Hyperscan, and PCRE2 confirms the few lines they hit.
      {"generic-credential-assignment", "general", "High-entropy credential assignment", "medium",
       R"(re:(?i)(?:passw(?:or)?d|secret|api[_-]?key|access_?token)["']?[ \t]*[:=][ \t]*["'][^'"\s$<{%/][^'"\s]{15})",
       R"((?i)(?:passw(?:or)?d|secret|api[_-]?key|access_?token)["']?[ \t]*[:=][ \t]*["'](?![a-z]+(?:[-_./][a-z0-9]+)*["'])(?<secret>[^'"\s$<{%/][^'"\s]{15,127})["'])",
       3.5},
      // Chat, payments, AI and other SaaS.
      {"slack-access-token", "Slack", "Slack token", "high", "xoxb-|xoxa-|xoxp-|xoxr-|xoxs-",
       L + "(?<secret>xox[abprs]-[0-9A-Za-z]{10,48}(?:-[0-9A-Za-z]{1,64}){0,6})"},
      {"slack-app-token", "Slack", "Slack app-level token", "high", "xapp-",
       L + "(?<secret>xapp-\\d-[A-Z0-9]{8,16}-\\d{6,16}-[a-f0-9]{32,80})"},
      {"slack-web-hook", "Slack", "Slack incoming webhook", "medium", "hooks.slack.com",
       R"(https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/]{43,56})"},
      {"discord-api-token", "Discord", "Discord API token", "medium", "discord",
       Keyed("discord", "[a-h0-9]{64}")},
      {"discord-client-id", "Discord", "Discord client ID", "medium", "discord",
       Keyed("discord", "[0-9]{18}")},
      {"discord-client-secret", "Discord", "Discord client secret", "medium", "discord",
       Keyed("discord", "[a-z0-9=_-]{32}")},
      {"stripe-secret-token", "Stripe", "Stripe secret key", "critical",
       "sk_test_|sk_live_|rk_test_|rk_live_",
       L + "(?<secret>(?i:[sr]k_(?:test|live)_)[0-9A-Za-z]{10,99})"},
      {"stripe-publishable-token", "Stripe", "Stripe publishable key", "low", "pk_test_|pk_live_",
       L + "(?<secret>(?i:pk_(?:test|live)_)[0-9A-Za-z]{10,99})"},
      {"shopify-token", "Shopify", "Shopify access token", "high", "shpss_|shpat_|shpca_|shppa_",
       "shp(?:ss|at|ca|pa)_[a-fA-F0-9]{32}"},
      {"twilio-api-key", "Twilio", "Twilio API key", "medium", "re:SK[0-9a-fA-F]{32}",
       "(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])"},
      {"sendgrid-api-token", "SendGrid", "SendGrid API key", "medium", R"(re:SG\.[\w.-]{66})",
       R"((?<![A-Za-z0-9])SG\.[\w.-]{66})"},
      {"sendinblue-api-token", "Sendinblue", "Brevo (Sendinblue) API key", "low", "xkeysib-",
       "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}"},
      {"mailchimp-api-key", "Mailchimp", "Mailchimp API key", "medium", "mailchimp",
       Keyed("mailchimp", "[a-f0-9]{32}-us\\d{1,2}")},
      {"mailgun-token", "Mailgun", "Mailgun API key", "medium", "mailgun",
       Keyed("mailgun", "(?:pub)?key-[a-f0-9]{32}")},
      {"mailgun-signing-key", "Mailgun", "Mailgun webhook signing key", "medium", "mailgun",
       Keyed("mailgun", "[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}")},
      {"messagebird-api-token", "MessageBird", "MessageBird API key", "medium", "messagebird",
       Keyed("messagebird", "[a-z0-9]{25}")},
      {"messagebird-client-id", "MessageBird", "MessageBird client ID", "medium", "messagebird",
       Keyed("messagebird", kUuid)},
      {"openai-project-api-key", "OpenAI", "OpenAI project API key", "critical", "T3BlbkFJ",
       L + "(?<secret>sk-proj-[\\w-]{20,100}T3BlbkFJ[\\w-]{20,100})"},
      {"openai-service-account-key", "OpenAI", "OpenAI service account key", "critical", "T3BlbkFJ",
       L + "(?<secret>sk-svcacct-[\\w-]{20,100}T3BlbkFJ[\\w-]{20,100})"},
      {"openai-admin-api-key", "OpenAI", "OpenAI admin API key", "critical", "T3BlbkFJ",
       L + "(?<secret>sk-admin-[\\w-]{20,100}T3BlbkFJ[\\w-]{20,100})"},
      {"openai-legacy-api-key", "OpenAI", "OpenAI user API key", "high", "T3BlbkFJ",
       L + "(?<secret>sk-(?:None-)?[A-Za-z0-9]{20,42}T3BlbkFJ[A-Za-z0-9]{20,42})"},
      {"openai-service-api-key", "OpenAI", "OpenAI service API key", "high", "T3BlbkFJ",
       L + "(?<secret>sk-service-[A-Za-z0-9-]+-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})"},
      {"openai-realtime-client-secret", "OpenAI", "OpenAI realtime client secret", "medium",
       "re:ek_[a-f0-9]{32}", L + "(?<secret>ek_[a-f0-9]{32})" + R},
      {"anthropic-api-key", "Anthropic", "Anthropic API key", "critical", "sk-ant-",
       L + "(?<secret>sk-ant-(?:api|admin)\\d\\d-[\\w-]{80,100})"},
      {"hugging-face-access-token", "HuggingFace", "Hugging Face access token", "critical", "hf_",
       L + "(?<secret>hf_[A-Za-z0-9]{34,40})" + R},
      {"databricks-api-token", "Databricks", "Databricks access token", "medium",
       "re:dapi[a-h0-9]{32}", "(?<![A-Za-z0-9])dapi[a-h0-9]{32}(?:-\\d)?(?![A-Za-z0-9])"},
      {"grafana-api-token", "Grafana", "Grafana API key", "medium", "eyJrIjoi",
       "eyJrIjoi[\\w=-]{72,92}"},
      {"grafana-cloud-api-token", "Grafana", "Grafana Cloud token", "medium", "glc_",
       L + "(?<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})"},
      {"grafana-service-account-token", "Grafana", "Grafana service account token", "medium",
       "glsa_", L + "(?<secret>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})"},
      {"new-relic-user-api-key", "NewRelic", "New Relic user API key", "medium", "NRAK-",
       "NRAK-[A-Z0-9]{27}"},
      {"new-relic-user-api-id", "NewRelic", "New Relic user API ID", "medium", "newrelic",
       Keyed("newrelic", "[A-Z0-9]{64}")},
      {"new-relic-browser-api-token", "NewRelic", "New Relic browser API token", "medium", "NRJS-",
       "NRJS-[a-f0-9]{19}"},
      {"dynatrace-api-token", "Dynatrace", "Dynatrace API token", "medium", "dt0c01.",
       R"(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})"},
      {"doppler-api-token", "Doppler", "Doppler API token", "medium", "dp.pt.",
       R"(dp\.pt\.[A-Za-z0-9]{43})"},
      {"planetscale-password", "Planetscale", "PlanetScale password", "medium", "pscale_pw_",
       R"(pscale_pw_[\w.-]{43})"},
      {"planetscale-api-token", "Planetscale", "PlanetScale API token", "medium", "pscale_tkn_",
       R"(pscale_tkn_[\w.-]{43})"},
      {"postman-api-token", "Postman", "Postman API key", "medium", "PMAK-",
       "PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}"},
      {"linear-api-token", "Linear", "Linear API key", "medium", "lin_api_",
       "lin_api_[A-Za-z0-9]{40}"},
      {"linear-client-secret", "Linear", "Linear client secret", "medium", "linear",
       Keyed("linear", "[a-f0-9]{32}")},
      {"shippo-api-token", "Shippo", "Shippo API token", "low", "shippo_live_|shippo_test_",
       "shippo_(?:live|test)_[a-f0-9]{40}"},
      {"duffel-api-token", "Duffel", "Duffel API token", "low", "duffel_test_|duffel_live_",
       "duffel_(?:test|live)_[\\w-]{43}"},
      {"easypost-api-token", "Easypost", "EasyPost API key", "low", "re:EZ[AT]K[A-Za-z0-9]{54}",
       "EZ[AT]K[A-Za-z0-9]{54}"},
      {"frameio-api-token", "Frameio", "Frame.io API token", "low", "fio-u-", "fio-u-[\\w=-]{64}"},
      {"gocardless-api-token", "GoCardless", "GoCardless access token", "medium",
       R"(re:live_[\w=-]{40})", R"(['"](?<secret>live_[\w=-]{40})['"])"},
      {"flutterwave-public-key", "Flutterwave", "Flutterwave API key", "medium", "FLWSECK|FLWPUBK",
       L + "(?<secret>FLW(?:PUB|SEC)K(?:_TEST)?-[a-hA-H0-9]{32}-X)"},
      {"flutterwave-enc-key", "Flutterwave", "Flutterwave encryption key", "medium", "FLWSECK_TEST",
       L + "(?<secret>FLWSECK_TEST[a-hA-H0-9]{12})"},
      {"typeform-api-token", "Typeform", "Typeform API token", "low", "tfp_",
       L + "(?<secret>tfp_[\\w.=-]{59})"},
      {"adobe-client-id", "Adobe", "Adobe OAuth client ID", "low", "adobe",
       Keyed("adobe", "[a-f0-9]{32}"), 2.5},
      {"adobe-client-secret", "Adobe", "Adobe client secret", "low", "p8e-",
       "(?<![A-Za-z0-9])(?<secret>p8e-[A-Za-z0-9]{32})(?![A-Za-z0-9])"},
      {"asana-client-id", "Asana", "Asana client ID", "medium", "asana",
       Keyed("asana", "[0-9]{16}")},
      {"asana-client-secret", "Asana", "Asana client secret", "medium", "asana",
       Keyed("asana", "[a-z0-9]{32}"), 2.5},
      {"atlassian-api-token", "Atlassian", "Atlassian API token", "high", "atlassian",
       Keyed("atlassian", "[a-z0-9]{24}")},
      {"beamer-api-token", "Beamer", "Beamer API token", "low", "beamer",
       Keyed("beamer", "b_[a-z0-9=_-]{44}")},
      {"contentful-delivery-api-token", "ContentfulDelivery", "Contentful delivery API token",
       "low", "contentful", Keyed("contentful", "[a-z0-9=_-]{43}")},
      {"dropbox-api-secret", "Dropbox", "Dropbox API secret", "high", "dropbox",
       Keyed("dropbox", "[a-z0-9]{15}")},
      {"dropbox-short-lived-api-token", "Dropbox", "Dropbox short-lived token", "high", "dropbox",
       Keyed("dropbox", "sl\\.[a-z0-9=_-]{135}")},
      {"dropbox-long-lived-api-token", "Dropbox", "Dropbox long-lived token", "high", "dropbox",
       Keyed("dropbox", "[a-z0-9]{11}AAAAAAAAAA[a-z0-9_=-]{43}")},
      {"facebook-token", "Facebook", "Facebook app secret", "low", "facebook",
       Keyed("facebook", "[a-f0-9]{32}"), 2.5},
      {"twitter-token", "Twitter", "Twitter API secret", "low", "twitter",
       Keyed("twitter", "[a-f0-9]{35,44}"), 2.5},
      {"fastly-api-token", "Fastly", "Fastly API token", "medium", "fastly",
       Keyed("fastly", "[a-z0-9=_-]{32}")},
      {"finicity-client-secret", "Finicity", "Finicity client secret", "medium", "finicity",
       Keyed("finicity", "[a-z0-9]{20}")},
      {"finicity-api-token", "Finicity", "Finicity API token", "medium", "finicity",
       Keyed("finicity", "[a-f0-9]{32}")},
      {"heroku-api-key", "Heroku", "Heroku API key", "high", "heroku", Keyed("heroku", kUuid)},
      {"hubspot-api-token", "HubSpot", "HubSpot API key", "low", "hubspot",
       Keyed("hubspot", kUuid)},
      {"intercom-api-token", "Intercom", "Intercom access token", "low", "intercom",
       Keyed("intercom", "[a-z0-9=_]{60}")},
      {"intercom-client-secret", "Intercom", "Intercom client secret", "low", "intercom",
       Keyed("intercom", kUuid)},
      {"ionic-api-token", "Ionic", "Ionic API token", "medium", "ionic",
       Keyed("ionic", "ion_[a-z0-9]{42}")},
      {"lob-api-key", "Lob", "Lob API key", "low", "re:(?:live|test)_[a-f0-9]{35}",
       Keyed("lob", "(?:live|test)_[a-f0-9]{35}")},
      {"lob-pub-api-key", "Lob", "Lob publishable API key", "low",
       "re:(?:test|live)_pub_[a-f0-9]{31}", Keyed("lob", "(?:test|live)_pub_[a-f0-9]{31}")},
      {"linkedin-client-secret", "LinkedIn", "LinkedIn client secret", "low", "linkedin",
       Keyed("linkedin", "[a-z]{16}")},
      {"linkedin-client-id", "LinkedIn", "LinkedIn client ID", "low", "linkedin",
       Keyed("linkedin", "[a-z0-9]{14}")},
      {"twitch-api-token", "Twitch", "Twitch API token", "low", "twitch",
       Keyed("twitch", "[a-z0-9]{30}")},
      {"mapbox-api-token", "Mapbox", "Mapbox access token", "medium",
       R"(re:(?i)[ps]k\.[a-z0-9]{60}\.)", R"((?i)(?<![a-z0-9])[ps]k\.[a-z0-9]{60}\.[a-z0-9]{22})"},
  };
}

std::vector<std::string> SplitKeywords(absl::string_view keywords) {
  if (keywords.empty()) return {};
  if (absl::StartsWith(keywords, "re:")) return {std::string(keywords)};
  return absl::StrSplit(keywords, '|');
}

}  // namespace

std::vector<SecretRule> BuiltinSecretRules() {
  std::vector<SecretRule> rules;
  for (Row& row : Rows()) {
    SecretRule rule;
    rule.id = row.id;
    rule.category = row.provider;
    rule.title = row.title;
    rule.description = absl::StrCat(row.title, " found in a file of the image.");
    rule.severity = row.severity;
    rule.keywords = SplitKeywords(row.keywords);
    rule.regex = std::move(row.regex);
    if (absl::StrContains(rule.regex, "(?<secret>")) rule.secret_group = "secret";
    rule.min_entropy = row.entropy;
    rule.multiline = row.multiline;
    rule.source = "moat";
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<AllowRule> BuiltinAllowRules() {
  auto path = [](const char* id, const char* description, const char* re) {
    AllowRule a;
    a.id = id;
    a.description = description;
    a.path = re;
    return a;
  };
  std::vector<AllowRule> rules = {
      path("dist-info", "Python package metadata (.dist-info, .egg-info)",
           R"(\.(?:dist|egg)-info/)"),
      path("tests", "Test files and directories", R"((?i)(?:^|/)test|[-_.]test)"),
      path("vendor", "Vendored third-party code", R"((?:^|/)vendor/)"),
      path("usr-dirs", "Distribution directories", R"(^usr/(?:share|include|lib(?:32|64)?)/)"),
      path("locale-dir", "Translations", R"(/locales?/)"),
      path("markdown", "Markdown documentation", R"(\.md$)"),
      path("node.js", "Node.js images: the bundled yarn", R"(^opt/yarn-v[\d.]+/)"),
      path("golang", "Go images: the Go distribution", R"(^usr/local/go/)"),
      path("python", "Python images: the standard library", R"(^usr/local/lib/python[\d.]+/)"),
      path("rubygems", "Ruby images: installed gems", R"(^usr/(?:local/)?lib/(?:ruby/)?gems/)"),
      path("wordpress", "WordPress images: the WordPress sources", R"(^usr/src/wordpress/)"),
      path("anaconda-log", "Anaconda build logs", R"(^var/log/anaconda/)"),
  };
  AllowRule examples = path("examples", "Example files, paths and values", "(?i)example");
  examples.regex = "(?i)example";  // a value that says it is an example is one
  rules.push_back(std::move(examples));
  return rules;
}

}  // namespace moat::detect
