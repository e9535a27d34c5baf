public import SluiceCore
public import SluiceTemplates

/// Turns a ``PipelineDefinition`` into a ``PipelinePlan``: compiles every template and
/// expression, checks what they reference, infers dependencies and orders the steps.
public struct PipelinePlanner {
    private var files: ProjectFiles
    private let environment: TemplateEnvironment
    private var diagnostics: [Diagnostic] = []
    private var checker: ReferenceChecker
    private var compiledFiles: [String: Template?] = [:]
    private var checkedIncludes: Set<String> = []

    /// The plan for `definition`, or the diagnostics explaining why there is none.
    ///
    /// `files` supplies template files already read by the loader; includes resolve through
    /// `environment` (the project's `templates/`).
    public static func plan(
        _ definition: PipelineDefinition, files: ProjectFiles, environment: TemplateEnvironment
    )
        -> (plan: PipelinePlan?, diagnostics: [Diagnostic])
    {
        var planner = PipelinePlanner(definition: definition, files: files, environment: environment)
        return planner.run(definition)
    }

    private init(definition: PipelineDefinition, files: ProjectFiles, environment: TemplateEnvironment) {
        self.files = files
        self.environment = environment
        self.checker = ReferenceChecker(
            inputNames: definition.inputs.map(\.name), stepNames: definition.steps.map(\.name))
    }

    private mutating func run(_ definition: PipelineDefinition) -> (plan: PipelinePlan?, diagnostics: [Diagnostic]) {
        var loopVariables: [String: String] = [:]
        for step in definition.steps {
            if let variable = step.itemVariable, loopVariables[variable] == nil { loopVariables[variable] = step.name }
        }
        var planned: [String: PlannedStep] = [:]
        var edges: [String: Set<String>] = [:]
        for step in definition.steps {
            var result = PlannedStep(definition: step, dependencies: [])
            var used: Set<String> = Set(step.needs.map(\.name))
            let outer = ReferenceScope(
                stepName: step.name, itemVariable: nil, variables: [], loopVariablesOfSteps: loopVariables)
            var itemScope = outer
            itemScope.itemVariable = step.itemVariable
            var innerScope = itemScope
            innerScope.variables = step.variables.map(\.name)

            result.forEach = step.forEach.flatMap { expression($0, scope: outer, used: &used) }
            result.variables = step.variables.compactMap { variable in
                expression(variable.expression, scope: itemScope, used: &used).map {
                    PlannedExpression(name: variable.name, expression: $0)
                }
            }
            result.when = step.when.flatMap { expression($0, scope: innerScope, used: &used) }
            switch step.settings {
            case .model(let settings):
                result.system = settings.system.flatMap { template($0, scope: innerScope, used: &used) }
                result.messages = settings.messages.compactMap { message in
                    template(message.content, scope: innerScope, used: &used).map {
                        PlannedMessage(role: message.role, content: $0)
                    }
                }
                result.prompt = settings.prompt.flatMap { template($0, scope: innerScope, used: &used) }
            case .template(let settings):
                result.template = template(settings.template, scope: innerScope, used: &used)
            case .run(let settings):
                result.environment = settings.environment.compactMap { variable in
                    expression(variable.expression, scope: innerScope, used: &used).map {
                        PlannedExpression(name: variable.name, expression: $0)
                    }
                }
                result.standardInput = settings.standardInput.flatMap { template($0, scope: innerScope, used: &used) }
            }
            edges[step.name] = used
            planned[step.name] = result
        }
        let outputScope = ReferenceScope(
            stepName: nil, itemVariable: nil, variables: [], loopVariablesOfSteps: loopVariables)
        var unused: Set<String> = []
        let outputs = definition.outputs.compactMap { output in
            expression(output.expression, scope: outputScope, used: &unused).map {
                PlannedExpression(name: output.name, expression: $0)
            }
        }
        diagnostics += checker.diagnostics

        let graph = DependencyGraph(names: definition.steps.map(\.name), dependencies: edges)
        for cycle in graph.cycles() {
            let location = definition.steps.first { $0.name == cycle[0] }?.location
            diagnostics.append(
                .error(
                    .dependencyCycle, "steps depend on each other in a circle: \(cycle.joined(separator: " → "))",
                    at: location,
                    hint: "'a → b' means a uses b (through steps.b or 'needs'); remove one link to break the circle"))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }), let levels = graph.levels() else {
            return (nil, diagnostics)
        }
        let steps = levels.flatMap { $0 }.compactMap { name -> PlannedStep? in
            guard var step = planned[name] else { return nil }
            step.dependencies = graph.dependencies[name] ?? []
            return step
        }
        let plan = PipelinePlan(
            definition: definition, steps: steps, levels: levels, outputs: outputs, templateEnvironment: environment)
        return (plan, diagnostics)
    }

    // MARK: - Compiling

    private func origin(of text: SourceText) -> TemplateOrigin {
        TemplateOrigin(
            file: text.start.file, line: text.start.line, column: text.start.column,
            continuationIndent: text.continuationIndent, anchors: text.anchors)
    }

    private mutating func expression(
        _ text: SourceText, scope: ReferenceScope, used: inout Set<String>
    )
        -> TemplateExpression?
    {
        do throws(DiagnosticError) {
            let compiled = try TemplateExpression(parsing: text.text, origin: origin(of: text))
            used.formUnion(checker.check(compiled.references, in: scope))
            return compiled
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    private mutating func template(_ text: SourceText, scope: ReferenceScope, used: inout Set<String>) -> Template? {
        let compiled: Template?
        if let path = text.templatePath, let cached = compiledFiles[path] {
            compiled = cached
        } else {
            do throws(DiagnosticError) {
                compiled = try Template(parsing: text.text, origin: origin(of: text))
            } catch {
                diagnostics += error.diagnostics
                compiled = nil
            }
            if let path = text.templatePath { compiledFiles[path] = compiled }
        }
        guard let compiled else { return nil }
        used.formUnion(checker.check(compiled.references, in: scope))
        var visited: Set<String> = []
        checkIncludes(of: compiled, scope: scope, used: &used, visited: &visited)
        return compiled
    }

    /// Follows `{% include %}`s so included templates' references count for the step that includes them.
    private mutating func checkIncludes(
        of template: Template, scope: ReferenceScope, used: inout Set<String>, visited: inout Set<String>
    ) {
        for include in template.includes where visited.insert(include.name).inserted {
            if include.ignoresMissing,
                case .missing = files.contents(of: Project.templatesFolder + "/" + include.name)
            {
                continue
            }
            do throws(DiagnosticError) {
                let included = try environment.template(named: include.name, includedAt: include.location)
                used.formUnion(checker.check(included.references, in: scope))
                checkIncludes(of: included, scope: scope, used: &used, visited: &visited)
            } catch {
                if checkedIncludes.insert("\(include.location)").inserted { diagnostics += error.diagnostics }
            }
        }
    }
}
