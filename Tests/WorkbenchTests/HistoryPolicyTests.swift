import Testing

@testable import Workbench

@Suite struct HistoryPolicyTests {
    static let recorded: [String] = [
        "GET foo",
        "SET k v EX 10",
        "set user:1 alice",
        "HELLO 3",
        "HELLO 3 SETNAME myapp",
        "ACL WHOAMI",
        "ACL LIST",
        "ACL CAT",
        "CONFIG SET maxmemory 100mb",
        "CONFIG SET maxmemory 1gb maxmemory-policy allkeys-lru",
        "CONFIG GET requirepass",
        "MIGRATE 127.0.0.1 6380 k 0 5000 COPY",
        "CLIENT SETNAME worker",
        "EVAL \"return 1\" 0",
        ".connect redis://localhost:6380/2",
        ".connect redis://host:6380 --user alice",
        ".connect -h host -p 6380",
        ".lab ratelimit --algorithm gcra -a 5",
        ".mode raw",
        "SET k \"unbalanced",
        "3 PING",
        "\"GET\" foo",
        "SENTINEL GET-MASTER-ADDR-BY-NAME mymaster",
    ]

    static let notRecorded: [String] = [
        "",
        " GET secret-lookup",
        "\tGET k",
        "AUTH secret",
        "auth alice secret",
        "Auth secret",
        "\"AUTH\" secret",
        "3 AUTH pw",
        "HELLO 3 AUTH alice secret",
        "hello 3 setname x auth alice secret",
        "ACL SETUSER alice on >secret ~* +@all",
        "acl getuser alice",
        "Acl DelUser alice",
        "CONFIG SET requirepass s3cret",
        "config set masterauth s3cret",
        "CONFIG SET masteruser replicator",
        "CONFIG SET maxmemory 1gb requirepass s3cret",
        "CONFIG SET tls-key-file-pass s3cret",
        "MIGRATE host 6379 \"\" 0 5000 AUTH secret KEYS a b",
        "migrate host 6379 k 0 5000 auth2 user secret",
        "SENTINEL SET mymaster auth-pass secret",
        ".connect redis://alice:secret@host:6380",
        ".connect redis://secret@host",
        ".connect rediss://user:pw@host/0?x=1",
        ".connect -h host -a secret",
        ".connect -asecret",
        ".connect --pass secret",
        ".connect --password=secret",
        ".CONNECT -h host --PASS secret",
        ".lab cache-aside --url redis://u:p@host",
        "AUTH \"unbalanced",
        "SET password \"oops",
        ".connect redis://u:p@host \"unbalanced",
        "   ",
    ]

    @Test(arguments: recorded)
    func recordsOrdinaryLines(line: String) {
        #expect(HistoryPolicy.mayRecord(line))
    }

    @Test(arguments: notRecorded)
    func neverRecordsSecretsOrIgnoredLines(line: String) {
        #expect(!HistoryPolicy.mayRecord(line))
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.recorded.count + Self.notRecorded.count >= 40)
    }

    @Test func multiLineLogicalLinesAreJudgedWhole() {
        #expect(!HistoryPolicy.mayRecord("CONFIG SET maxmemory 1gb\nrequirepass s3cret"))
        #expect(HistoryPolicy.mayRecord("EVAL \"local x = 1\nreturn x\" 0"))
    }

    @Test func isSensitiveWorksOnSplitArguments() {
        #expect(Secrets.isSensitive(arguments: ["auth", "pw"]))
        #expect(!Secrets.isSensitive(arguments: ["GET", "auth"]))
        #expect(!Secrets.isSensitive(arguments: []))
    }
}

@Suite struct SecretsRedactionTests {
    @Test func everySensitiveLineIsShownWithoutItsArguments() {
        for line in HistoryPolicyTests.notRecorded
        where !line.trimmingCharacters(in: " \t").isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("\t") {
            let shown = Secrets.redacted(line)
            #expect(shown.hasSuffix(" ***"), "\(line) → \(shown)")
            #expect(!shown.lowercased().contains("secret"), "\(line) → \(shown)")
        }
    }

    @Test func namesTheCommandAndSubcommand() {
        #expect(Secrets.redacted("AUTH alice pw") == "AUTH ***")
        #expect(Secrets.redacted("config set requirepass pw") == "config set ***")
        #expect(Secrets.redacted("3 AUTH pw") == "3 AUTH ***")
        #expect(Secrets.redacted(".connect bob:pw@host") == ".connect ***")
        #expect(Secrets.redacted("GET k") == "GET k")
    }
}
