import ArgumentParser
import Foundation
import SluiceCore
import SluiceTemplates

/// `sluice render TEMPLATE_FILE [--context FILE|-]`: previews a template with a JSON context.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a template with a JSON context and print the result.",
        discussion: """
            Includes resolve under the nearest enclosing templates/ directory, or the template's own \
            directory when there is none. Errors are printed as diagnostics on standard error and the \
            command exits with status 2.
            """
    )

    @Argument(help: "The template file to render.")
    var templateFile: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A JSON file holding the context object, or - to read it from standard input.", valueName: "file"))
    var context: String?

    func run() throws {
        var standardInput: String?
        let source: TemplateFileRenderer.ContextSource
        switch context {
        case nil: source = .empty
        case "-":
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            standardInput = text
            source = .text(text, name: "<stdin>")
        case let path?: source = .file(path)
        }
        let renderer = TemplateFileRenderer()
        do {
            let output = try renderer.render(templatePath: templateFile, context: source)
            FileHandle.standardOutput.write(Data(output.utf8))
        } catch {
            let stdinText = standardInput
            let diagnostics = DiagnosticRenderer(usesColor: TerminalStyle.standardErrorUsesColor) { file in
                file == "<stdin>" ? stdinText : renderer.sourceText(of: file)
            }
            FileHandle.standardError.write(Data(diagnostics.render(error.diagnostics).utf8))
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}
