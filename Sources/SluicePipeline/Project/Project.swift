internal import Foundation
public import SluiceCore

/// A Sluice project: a folder holding `sluice.yaml` and/or `pipelines/`.
public struct Project: Sendable {
    /// The project folder, absolute.
    public var root: String

    /// The project at `root`, taken as given.
    public init(root: String) {
        self.root = root
    }

    /// The config file's path relative to the root.
    public static let configFile = "sluice.yaml"
    /// The folder holding pipeline files.
    public static let pipelinesFolder = "pipelines"
    /// The folder holding templates.
    public static let templatesFolder = "templates"

    /// The project a command should use: `explicitRoot` when given (it must be a folder), else the
    /// first folder from `workingDirectory` upwards holding `sluice.yaml` or `pipelines/`.
    public static func locate(explicitRoot: String?, workingDirectory: String) throws(DiagnosticError) -> Project {
        let fileManager = FileManager.default
        if let explicitRoot {
            let absolute = explicitRoot.hasPrefix("/") ? explicitRoot : workingDirectory + "/" + explicitRoot
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DiagnosticError(
                    .error(
                        .projectNotFound, "project folder '\(explicitRoot)' does not exist", at: nil,
                        hint: "pass the folder that holds sluice.yaml or pipelines/ to --project"))
            }
            return Project(root: normalise(absolute))
        }
        var directory = normalise(workingDirectory)
        while true {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: directory + "/" + configFile)
                || (fileManager.fileExists(atPath: directory + "/" + pipelinesFolder, isDirectory: &isDirectory)
                    && isDirectory.boolValue)
            {
                return Project(root: directory)
            }
            guard let slash = directory.lastIndex(of: "/"), directory != "/" else { break }
            directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
        }
        throw DiagnosticError(
            .error(
                .projectNotFound,
                "no Sluice project here: no folder from \(workingDirectory) upwards holds sluice.yaml or pipelines/",
                at: nil, hint: "run 'sluice init' to create one, or pass --project DIR"))
    }

    /// The names of the project's pipelines (files `pipelines/*.yaml` or `*.yml`), sorted.
    public func pipelineNames() -> [String] {
        let folder = root + "/" + Self.pipelinesFolder
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var names: Set<String> = []
        for entry in entries where !entry.hasPrefix(".") {
            if entry.hasSuffix(".yaml") { names.insert(String(entry.dropLast(5))) }
            if entry.hasSuffix(".yml") { names.insert(String(entry.dropLast(4))) }
        }
        return names.sorted()
    }

    /// The file of pipeline `name` relative to the root (`.yaml` preferred over `.yml`), or `nil` if there is none.
    public func pipelineFile(named name: String) -> String? {
        for suffix in [".yaml", ".yml"] {
            let relative = Self.pipelinesFolder + "/" + name + suffix
            if FileManager.default.fileExists(atPath: root + "/" + relative) { return relative }
        }
        return nil
    }

    private static func normalise(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
