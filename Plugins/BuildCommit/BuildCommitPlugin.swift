import Foundation
import PackagePlugin

/// Writes `Version.commit`, the git commit the build comes from (with `-dirty` when the work
/// tree has changes, `unknown` outside a git checkout), so that `rwb --version` names it.
/// A prebuild command runs before every build; the file is rewritten only when the commit
/// changes, so an unchanged commit recompiles nothing.
@main
struct BuildCommitPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let outputs = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = #"""
            mkdir -p "$2"
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && ! git -C "$1" diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
            text="extension Version { public static let commit = \"$commit\" }"
            [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" > "$2/BuildCommit.swift"
            """#
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of rwb",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, outputs.path],
                outputFilesDirectory: outputs
            )
        ]
    }
}
