import Foundation
import SluiceCore
import SluicePipeline
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
    /// The most bytes one environment variable (`NAME=value`) may take: Linux refuses to start a
    /// program given a longer one (MAX_ARG_STRLEN, 32 pages). It applies on every system, so a
    /// pipeline that runs on a Mac runs on a Linux CI machine too.
    static let environmentVariableLimit = 128 * 1024

    /// Runs a run step's command with its `env:` values and `stdin:` text, under the step's
    /// timeout, and returns its standard output decoded as the step's `output:` says.
    ///
    /// Values reach the command only through the environment and standard input: the command
    /// line is exactly what the pipeline file says. The command runs in its own session, so
    /// cancelling it (Ctrl-C, a timeout) ends it and anything it started.
    func runCommand(_ settings: RunStepSettings, in scope: UnitScope) async throws -> JSONValue {
        let step = scope.step
        let payload = try scope.binding.payload(in: scope.context)
        let input = payload.standardInput ?? ""

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
        request["env"] = .object(JSONObject(payload.environment.map { ($0.name, JSONValue.string($0.value)) }))
        request["stdin"] = .string(input)

        if let large = payload.environment.first(where: {
            $0.name.utf8.count + $0.value.utf8.count + 2 > Self.environmentVariableLimit
        }) {
            throw RunFailure(
                .commandEnvironmentTooLarge,
                "the value of '\(large.name)' under 'env' of step '\(step.name)' is \(large.value.utf8.count) bytes; "
                    + "one environment variable may hold at most 128 KiB",
                at: step.definition.location,
                hint: "pass large values on standard input instead: 'stdin: \"{{ … }}\"', read by the command")
        }
        var overrides: [Environment.Key: String?] = [:]
        for variable in payload.environment {
            if let key = Environment.Key(rawValue: variable.name) { overrides[key] = variable.value }
        }
        var platformOptions = PlatformOptions()
        platformOptions.createSession = true
        platformOptions.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))
        ]
        let environment = Environment.inherit.updating(overrides)
        let directory = FilePath(options.workingDirectory)
        let options = platformOptions
        return try await limiter.withPlace {
            let start = AttemptStart(
                runID: runID, step: step.name, itemIndex: scope.itemIndex, number: scope.attemptsBefore + 1,
                provider: "command",
                model: program, request: .object(request), limiterWait: .zero, startedAt: clock.date)
            await emit(.attemptStarted(start))
            let began = clock.now
            func finish(_ status: ExecutionStatus, output: String? = nil, failure: RunFailure? = nil) async {
                await emit(
                    .attemptFinished(
                        start.key,
                        AttemptOutcome(
                            status: status, responseText: output, latency: clock.now - began, costUSD: 0,
                            failure: failure, finishedAt: clock.date)))
            }
            do {
                let result = try await withDeadline(step.definition.timeout, clock: clock) {
                    try await Subprocess.run(
                        executable, arguments: Arguments(arguments), environment: environment,
                        workingDirectory: directory, platformOptions: options, input: .string(input),
                        output: .string(limit: Self.standardOutputLimit),
                        error: .string(limit: Self.standardErrorLimit))
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
                    let failure = RunFailure(
                        .commandFailed,
                        "the command of step '\(step.name)' \(status)"
                            + (tail.isEmpty ? " (it wrote nothing to stderr)" : "; the end of its stderr:\n" + tail),
                        at: step.definition.location)
                    await finish(.failed, output: output, failure: failure)
                    throw failure
                }
                do throws(RunFailure) {
                    let value = try OutputDecoder.decode(output, as: settings.output, lenient: false, for: step)
                    await finish(.succeeded, output: output)
                    return value
                } catch {
                    await finish(.failed, output: output, failure: error)
                    throw error
                }
            } catch let failure as RunFailure {
                throw failure
            } catch let deadline as DeadlineExceeded {
                let failure = RunFailure(
                    .stepTimeout,
                    "the command of step '\(step.name)' did not finish within its timeout of "
                        + "\(deadline.limit.readable) and was stopped",
                    at: step.definition.location, hint: "raise the step's 'timeout', or make the command faster")
                await finish(.failed, failure: failure)
                throw failure
            } catch {
                if error is CancellationError || control.isStopped {
                    await finish(control.stoppedStatus, failure: control.stoppedFailure)
                    throw CancellationError()
                }
                let failure = RunFailure(
                    .commandNotStarted, "the command of step '\(step.name)' could not be run: \(error)",
                    at: step.definition.location, hint: "check that '\(program)' is installed and on PATH")
                await finish(.failed, failure: failure)
                throw failure
            }
        }
    }
}
