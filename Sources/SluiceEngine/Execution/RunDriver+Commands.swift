import Foundation
import SluiceCore
import SluicePipeline
import SluiceStore
import SluiceTemplates
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

extension RunDriver {
    /// The most standard output a command may write; more fails the step.
    static let standardOutputLimit = 32 * 1024 * 1024
    /// The most standard error kept from a command.
    static let standardErrorLimit = 4 * 1024 * 1024
    /// How much of the end of standard error a failure shows.
    static let standardErrorTail = 2000

    /// Runs a run step's command with its `env:` values and `stdin:` text, under the step's
    /// timeout, and returns its standard output decoded as the step's `output:` says.
    ///
    /// Values reach the command only through the environment and standard input: the command
    /// line is exactly what the pipeline file says. The command runs in its own session, so
    /// cancelling it (Ctrl-C, a timeout) ends it and anything it started.
    func runCommand(_ settings: RunStepSettings, in scope: UnitScope) async throws -> JSONValue {
        let environmentTemplate = plan.templateEnvironment
        var variables: [(String, String)] = []
        for variable in scope.step.environment {
            let value = try variable.expression.evaluate(context: scope.context, environment: environmentTemplate)
            variables.append((variable.name, value.stringValue ?? value.formatted(.compact)))
        }
        let input = try scope.step.standardInput?.render(context: scope.context, environment: environmentTemplate) ?? ""

        let executable: Executable
        let arguments: [String]
        let program: String
        switch settings.command {
        case .arguments(let list):
            program = list.first ?? ""
            executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
            arguments = Array(list.dropFirst())
        case .shell(let text):
            program = "sh"
            executable = .path(FilePath("/bin/sh"))
            arguments = ["-c", text]
        }
        var request: JSONObject = ["command": .array(([program] + arguments).map(JSONValue.string))]
        request["env"] = .object(JSONObject(variables.map { ($0.0, JSONValue.string($0.1)) }))
        request["stdin"] = .string(input)
        let start = AttemptStart(
            runID: runID, step: scope.step.name, itemIndex: scope.itemIndex, number: 1, provider: "command",
            model: program, request: .object(request), limiterWait: .zero)
        await emit(.attemptStarted(start))
        let began = clock.now

        var overrides: [Environment.Key: String?] = [:]
        for (name, value) in variables {
            if let key = Environment.Key(rawValue: name) { overrides[key] = value }
        }
        var platformOptions = PlatformOptions()
        platformOptions.createSession = true
        platformOptions.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))
        ]
        let environment = Environment.inherit.updating(overrides)
        let directory = FilePath(options.workingDirectory)
        let options = platformOptions
        func finish(_ status: ExecutionStatus, output: String? = nil, error: String? = nil) async {
            await emit(
                .attemptFinished(
                    start.key,
                    AttemptOutcome(
                        status: status, responseText: output, latency: clock.now - began, costUSD: 0, error: error)))
        }
        do {
            let result = try await withDeadline(scope.step.definition.timeout, clock: clock) {
                try await Subprocess.run(
                    executable, arguments: Arguments(arguments), environment: environment,
                    workingDirectory: directory, platformOptions: options, input: .string(input),
                    output: .string(limit: Self.standardOutputLimit), error: .string(limit: Self.standardErrorLimit))
            }
            // A stop (Ctrl-C, fail-fast) can end the command through its teardown before the
            // cancellation is seen here; the command's exit then reports the stop, not a failure.
            if Task.isCancelled || control.isStopped { throw CancellationError() }
            let output = result.standardOutput
            let errorText = result.standardError
            guard result.terminationStatus.isSuccess else {
                let status: String
                switch result.terminationStatus {
                case .exited(let code): status = "exited with status \(code)"
                case .signaled(let signal): status = "was killed by signal \(signal)"
                }
                let tail = String(errorText.suffix(Self.standardErrorTail)).trimmingWhitespace()
                let message =
                    "\(scope.step.definition.location): error: the command of step '\(scope.step.name)' \(status)"
                    + (tail.isEmpty ? " (it wrote nothing to stderr)" : "; the end of its stderr:\n" + tail)
                await finish(.failed, output: output, error: message)
                throw StepFailure(message)
            }
            do {
                let value = try OutputDecoder.decode(output, as: settings.output, lenient: false)
                await finish(.succeeded, output: output)
                return value
            } catch {
                await finish(.failed, output: output, error: error.message)
                throw error
            }
        } catch let failure as StepFailure {
            throw failure
        } catch let deadline as DeadlineExceeded {
            let message =
                "\(scope.step.definition.location): error: the command of step '\(scope.step.name)' "
                + "did not finish within its timeout of \(deadline.limit.readable) and was stopped"
            await finish(.failed, error: message)
            throw StepFailure(message)
        } catch {
            if error is CancellationError || control.isStopped {
                await finish(control.stoppedStatus, error: control.stoppedMessage)
                throw CancellationError()
            }
            let message =
                "\(scope.step.definition.location): error: the command of step '\(scope.step.name)' "
                + "could not be run: \(error)"
            await finish(.failed, error: message)
            throw StepFailure(message)
        }
    }
}
