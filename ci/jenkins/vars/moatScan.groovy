// moatScan: a Jenkins shared-library step that scans a container image with Moat, uploads the
// result with the build's metadata to the Moat center, archives moat-report.sarif and
// moat-report.json, and fails the build when the --fail-on gate fails.
//
//   moatScan(image: 'registry.example.com/shop/web:1.4', failOn: 'critical,high',
//            server: 'https://moat.example.com', credentialsId: 'moat-token')
//
// Arguments: image (required), failOn, severity, scanners, args (extra moat scan flags),
// server (default: env.MOAT_SERVER; none: no upload), credentialsId (a "secret text"
// credential holding the API token), moatBin (default 'moat'), archive (default true),
// failBuild (default true: a failed gate fails the build; false: UNSTABLE).
// Returns moat's exit code (0 pass, 1 gate failed, 2 usage, 3 runtime or upload error).
def call(Map args = [:]) {
  if (!args.image) {
    error('moatScan: the image argument is required')
  }
  String server = args.server ?: (env.MOAT_SERVER ?: '')
  if (server && !args.credentialsId) {
    error('moatScan: server needs credentialsId (a secret text credential with the API token)')
  }
  String script = '.moat/moat-scan.sh'
  writeFile(file: script, text: libraryResource('moat-scan.sh'))
  List<String> vars = [
      "MOAT_IMAGE=${args.image}",
      "MOAT_SERVER=${server}",
      "MOAT_FAIL_ON=${args.failOn ?: ''}",
      "MOAT_SEVERITY=${args.severity ?: ''}",
      "MOAT_SCANNERS=${args.scanners ?: ''}",
      "MOAT_ARGS=${args.args ?: ''}",
      "MOAT_BIN=${args.moatBin ?: 'moat'}",
  ]
  int code = 0
  withEnv(vars) {
    if (server) {
      withCredentials([string(credentialsId: args.credentialsId, variable: 'MOAT_TOKEN')]) {
        code = sh(script: "bash ${script}", returnStatus: true)
      }
    } else {
      code = sh(script: "bash ${script}", returnStatus: true)
    }
  }
  if (args.archive != false) {
    archiveArtifacts(artifacts: 'moat-report.sarif,moat-report.json', allowEmptyArchive: true)
  }
  if (code == 1) {
    if (args.failBuild == false) {
      unstable("moatScan: ${args.image} failed the gate (failOn: ${args.failOn})")
    } else {
      error("moatScan: ${args.image} failed the gate (failOn: ${args.failOn})")
    }
  } else if (code != 0) {
    error("moatScan: moat exited ${code} (see the log above)")
  }
  return code
}
