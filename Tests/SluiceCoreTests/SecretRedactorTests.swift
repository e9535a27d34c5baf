import SluiceCore
import Testing

@Suite("Secret redaction")
struct SecretRedactorTests {
    @Test("credential headers and members are replaced whatever their case, other members kept")
    func credentialMembers() {
        let request: JSONValue = [
            "headers": [
                "Authorization": "Bearer sk-abc123", "X-Api-Key": "sk-ant-xyz", "x-goog-api-key": "AIzaXYZ",
                "content-type": "application/json",
            ],
            "model": "gpt-4.1",
        ]
        let redacted = SecretRedactor().redact(request)
        #expect(redacted["headers"]?["Authorization"] == "[REDACTED]")
        #expect(redacted["headers"]?["X-Api-Key"] == "[REDACTED]")
        #expect(redacted["headers"]?["x-goog-api-key"] == "[REDACTED]")
        #expect(redacted["headers"]?["content-type"] == "application/json")
        #expect(redacted["model"] == "gpt-4.1")
        #expect(redacted.objectValue?.keys == ["headers", "model"])
    }

    @Test("key= and similar query parameters lose their values, other parameters stay")
    func urlQueryParameters() {
        let redactor = SecretRedactor()
        #expect(
            redactor.redact(text: "https://h.invalid/v1beta/models/m:streamGenerateContent?alt=sse&key=AIzaSy123")
                == "https://h.invalid/v1beta/models/m:streamGenerateContent?alt=sse&key=[REDACTED]")
        #expect(redactor.redact(text: "GET /x?API_KEY=abc&page=2") == "GET /x?API_KEY=[REDACTED]&page=2")
        #expect(redactor.redact(text: "monkey=banana and a?monkey=1") == "monkey=banana and a?monkey=1")
    }

    @Test("bearer tokens and known secret values are removed from free text, and redaction is idempotent")
    func freeText() {
        let redactor = SecretRedactor(knownSecrets: ["sk-proj-0123456789", "abc"])
        let once = redactor.redact(text: "401: key sk-proj-0123456789 rejected; header was bearer tok_123")
        #expect(once == "401: key [REDACTED] rejected; header was bearer [REDACTED]")
        #expect(redactor.redact(text: once) == once)
        #expect(redactor.redact(text: "abc is too short to be a secret") == "abc is too short to be a secret")
        #expect(redactor.redact(["prompt": "use sk-proj-0123456789"]) == ["prompt": "use [REDACTED]"])
    }

    @Test("secrets of four characters or more are scrubbed; shorter ones would garble text and are not")
    func minimumLength() {
        let redactor = SecretRedactor(
            loadedSecrets: [], environment: ["DB_PASSWORD": "hunt", "PIN_SECRET": "x7q", "HOME": "/root/home"])
        #expect(SecretRedactor.minimumSecretLength == 4)
        #expect(redactor.knownSecrets == ["hunt"])
        #expect(
            redactor.redact(text: "password hunt, pin x7q, at /root/home")
                == "password [REDACTED], pin x7q, at /root/home")
    }

    @Test("header lists keep their order and names")
    func headerLists() {
        let headers = SecretRedactor().redact(headers: [
            (name: "Authorization", value: "Bearer x"), (name: "Accept", value: "text/event-stream"),
        ])
        #expect(headers.map(\.name) == ["Authorization", "Accept"])
        #expect(headers.map(\.value) == ["[REDACTED]", "text/event-stream"])
    }

    @Test("key-shaped tokens nobody named are removed from prompts, members and headers")
    func keyShapedTokens() {
        let redactor = SecretRedactor()
        let prompt =
            "Summarise this. My key is sk-ant-api03-abcdefghij0123456789XYZ, and Google's AIzaSyabcdefghij0123456789abcdefghij."
        let once = redactor.redact(text: prompt)
        #expect(once == "Summarise this. My key is [REDACTED], and Google's [REDACTED].")
        #expect(redactor.redact(text: once) == once)
        #expect(
            redactor.redact(["messages": [["role": "user", "content": "use gsk_abcdefghij0123456789ab please"]]])
                == ["messages": [["role": "user", "content": "use [REDACTED] please"]]])
        #expect(
            redactor.redact(headers: [(name: "X-Debug", value: "sk-or-v1-abcdefghij0123456789")]).map(\.value)
                == ["[REDACTED]"])
    }

    @Test("text that merely resembles a key prefix is left alone")
    func keyLookalikes() {
        let redactor = SecretRedactor()
        let text = "Install sk-learn, then ask-0123456789abcdefghijklmnop about sk-abcdefghijklmnopqrstuvwxyz."
        #expect(redactor.redact(text: text) == text)
    }
}
