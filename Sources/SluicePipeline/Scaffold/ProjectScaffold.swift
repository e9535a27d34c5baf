internal import Foundation
public import SluiceCore

/// The starter project `sluice init` writes: config, a pipeline showing every step kind, a template, a schema.
///
/// Every file is commented so it doubles as a reference, and the pipeline runs on the embedded
/// `local` provider with no keys. Nothing is ever overwritten.
public enum ProjectScaffold {
    /// The files written, as (path relative to the project folder, contents), in writing order.
    public static let files: [(path: String, contents: String)] = [
        (".gitignore", gitignore),
        ("sluice.yaml", config),
        ("pipelines/hello.yaml", pipeline),
        ("templates/hello.md", template),
        ("schemas/greeting.json", schema),
    ]

    /// Writes the starter files into `directory` (created if needed) and returns their paths.
    ///
    /// When any of them exists already, nothing is written and the error lists each one.
    public static func write(into directory: String) throws(DiagnosticError) -> [String] {
        let fileManager = FileManager.default
        let existing = files.map(\.path).filter { fileManager.fileExists(atPath: directory + "/" + $0) }
        guard existing.isEmpty else {
            throw DiagnosticError(
                existing.map { path in
                    .error(
                        .wouldOverwrite, "\(path) already exists; 'sluice init' never overwrites files",
                        at: nil, hint: "run 'sluice init' in an empty folder, or move \(path) aside")
                })
        }
        var written: [String] = []
        for file in files {
            let path = directory + "/" + file.path
            let folder = (path as NSString).deletingLastPathComponent
            do {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw DiagnosticError(
                    .error(
                        .writeFailed, "cannot write \(file.path): \(error.localizedDescription)", at: nil,
                        hint: "check that the folder is writable"))
            }
            written.append(file.path)
        }
        return written
    }

    static let gitignore = """
        # Sluice's local state: the run store, logs and locks.
        .sluice/
        # API keys for local use; never commit them.
        .env

        """

    static let config = """
        # Sluice project config. Every key is optional: the built-in providers (openai, anthropic,
        # gemini, openrouter, groq, ollama and the embedded `local` simulator) work without it.
        # Reference: docs/config.md in the Sluice repository.

        # Providers: override a preset's limits, or add an OpenAI-compatible server.
        # Keys are never written here; name the environment variable that holds them.
        providers:
          openai:
            api_key_env: OPENAI_API_KEY   # the default; shown for illustration
            rpm: 500                      # requests per minute
            tpm: 200000                   # tokens per minute
            max_concurrency: 16
          # vllm:
          #   kind: openai
          #   base_url: http://localhost:8000/v1

        # Model aliases: a name for one model or for a fallback chain.
        models:
          fast: local/default
          # smart: [anthropic/claude-sonnet-4-5, openai/gpt-4.1]

        # Prices in US dollars per million tokens, for models the built-in table lacks.
        # prices:
        #   "openai/gpt-4.1-mini": { input: 0.40, output: 1.60 }

        # store: { path: .sluice/sluice.db }
        # cache: { ttl: 24h }

        """

    static let pipeline = """
        # A pipeline: run it with `sluice run hello -i name=Ada`, check it with `sluice validate`.
        # Reference: docs/pipeline-format.md in the Sluice repository.
        description: Greet someone, shout the greeting, and count the files here.

        inputs:                        # each input is a JSON Schema; `default` makes it optional
          name: { type: string }
          friends: { type: array, items: { type: string }, default: [Grace, Linus] }

        defaults:                      # applied to every model step unless the step overrides
          model: fast                  # an alias from sluice.yaml (here: local/default)
          temperature: 0
          max_tokens: 200

        steps:
          # A model step with a prompt file under templates/ and a JSON output schema.
          greet:
            system: You write short, warm greetings.
            prompt: hello.md
            output: { schema: schemas/greeting.json }

          # A fan-out: one model call per item, at most 4 at once, skipping items by condition.
          invite:
            for_each: inputs.friends
            as: friend
            concurrency: 4
            when: friend != inputs.name
            prompt: |
              Write one line inviting {{ friend }} to meet {{ inputs.name }}.

          # A template step: renders text from earlier outputs, no model call.
          shout:
            template: |
              {{ steps.greet.output.greeting | upper }}
              {% for line in steps.invite.output %}- {{ line }}
              {% endfor %}

          # A run step: values reach the command only through env (or stdin), never spliced in.
          count_files:
            run: [sh, -c, 'ls | wc -l']
            env:
              GREETING: steps.greet.output.greeting
            timeout: 10s

        outputs:                       # what `sluice run` prints, as expressions
          greeting: steps.shout.output
          files: steps.count_files.output

        """

    static let template = """
        Greet {{ inputs.name }} in one sentence.
        Answer as JSON with a "greeting" field.
        {# Templates are Jinja-style: {{ inputs.x }}, {{ steps.y.output }}, {% if %}, {% for %}. #}

        """

    static let schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "greeting": { "type": "string", "minLength": 1 }
          },
          "required": ["greeting"],
          "additionalProperties": false
        }

        """
}
