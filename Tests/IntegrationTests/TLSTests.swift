import RESP
import RedisClient
import TestSupport
import Testing

@testable import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// TLS against a server started with a throwaway CA and certificate made by `openssl` here.
@Suite(.needsRedis) struct TLSTests {
    /// A CA, and a server certificate it signed for 127.0.0.1 and localhost.
    struct Certificates {
        let directory: String
        var ca: String { "\(directory)/ca.crt" }
        var cert: String { "\(directory)/server.crt" }
        var key: String { "\(directory)/server.key" }

        static func make() async throws -> Certificates {
            let directory = try TestShell.temporaryDirectory()
            try await TestShell.run(
                """
                cd '\(directory)' &&
                openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=rwb test CA' \
                  -keyout ca.key -out ca.crt &&
                openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout server.key -out server.csr &&
                printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ext.cnf &&
                openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 \
                  -extfile ext.cnf -out server.crt
                """)
            return Certificates(directory: directory)
        }
    }

    /// A server listening for TLS on `tlsPort` (and in plain text on its usual port).
    private func withTLSServer(
        arguments extra: [String] = [], _ body: (ThrowawayServer, Int, Certificates) async throws -> Void
    ) async throws {
        let certificates = try await Certificates.make()
        defer { TestShell.remove(certificates.directory) }
        let tlsPort = try POSIX.freeLoopbackPort()
        let arguments =
            [
                "--tls-port", String(tlsPort), "--tls-cert-file", certificates.cert, "--tls-key-file", certificates.key,
                "--tls-ca-cert-file", certificates.ca, "--tls-auth-clients", "no",
            ] + extra
        try await ServerFixture.withServer(arguments: arguments) { server in try await body(server, tlsPort, certificates) }
    }

    @Test func verifiedConnectionAndRejectedUnknownCA() async throws {
        try await withTLSServer { server, tlsPort, certificates in
            var options = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: tlsPort))
            options.tls = ConnectionOptions.TLS(caCertificate: certificates.ca)
            options.commandTimeout = .seconds(10)
            let client = RedisClient(options)
            #expect(try await client.send(["SET", "rwb:tls", "yes"]) == .simpleString("OK"))
            #expect(try await client.send(["GET", "rwb:tls"]) == .bulk("yes"))
            await client.close()

            // The same server through a URL, verified by name.
            var byURL = try RedisURL.parse("rediss://localhost:\(tlsPort)")
            byURL.tls?.caCertificate = certificates.ca
            let named = RedisClient(byURL)
            #expect(try await named.send(["PING"]) == .simpleString("PONG"))
            await named.close()

            // Without our CA the system's roots do not trust the server.
            var untrusted = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: tlsPort))
            untrusted.tls = ConnectionOptions.TLS()
            untrusted.connectTimeout = .seconds(5)
            await #expect(throws: (any Error).self) { try await RedisClient(untrusted).connect() }

            // --insecure skips verification.
            untrusted.tls?.insecure = true
            let insecure = RedisClient(untrusted)
            #expect(try await insecure.send(["PING"]) == .simpleString("PONG"))
            await insecure.close()
        }
    }

    /// rwb bench over TLS runs on the NIO driver (the socket loop is for plain connections):
    /// every request sent, answered and counted.
    @Test func benchOverTLS() async throws {
        try await withTLSServer { server, tlsPort, certificates in
            var options = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: tlsPort))
            options.tls = ConnectionOptions.TLS(caCertificate: certificates.ca)
            var configuration = BenchRunner.Configuration()
            configuration.requests = 3_000
            configuration.clients = 3
            configuration.pipeline = 8
            let result = try await BenchRunner(options: options, configuration: configuration)
                .run(BenchTest(name: "INCR", template: ["INCR", "rwb:tls:counter"]))
            #expect(result.requests == 3_000)
            #expect(result.latency.totalCount == 3_000)
            let client = ServerFixture.client(server)
            #expect(try await client.send(["GET", "rwb:tls:counter"]) == .bulk("3000"))
            await client.close()
        }
    }

    /// `rwb` with redis-cli's flags: a CA directory is trusted (and one without a PEM
    /// certificate refused), `--tls-ciphers` is what the TLS 1.2 handshake offers (a server
    /// taking one cipher only answers when it is the one given), TLS 1.3's suites refused.
    @Test func caDirectoryAndCipherFlags() async throws {
        let onlyCipher = "ECDHE-RSA-AES256-GCM-SHA384"
        try await withTLSServer(arguments: ["--tls-protocols", "TLSv1.2", "--tls-ciphers", onlyCipher]) { _, tlsPort, certificates in
            let directory = try TestShell.temporaryDirectory()
            let empty = try TestShell.temporaryDirectory()
            defer {
                TestShell.remove(directory)
                TestShell.remove(empty)
            }
            try await TestShell.run("cp '\(certificates.ca)' '\(directory)/ca.pem' && echo notes > '\(directory)/README'")
            let rwb = "\(TestShell.quote(TestShell.rwbPath)) --tls -h 127.0.0.1 -p \(tlsPort)"
            func run(_ flags: String) async throws -> (String, Int32) {
                let (output, status) = try await TestShell.capture("\(rwb) \(flags) PING 2>&1 </dev/null")
                return (String(decoding: output, as: UTF8.self), status)
            }
            #expect(try await run("--cacertdir '\(directory)'") == ("PONG\n", 0))
            let (refused, status) = try await run("--cacertdir '\(empty)'")
            #expect(status == 1 && refused.contains("no PEM certificate in the CA directory"), "\(refused)")
            #expect(try await run("--cacert '\(certificates.ca)' --tls-ciphers \(onlyCipher)") == ("PONG\n", 0))
            let (other, otherStatus) = try await run("--cacert '\(certificates.ca)' --tls-ciphers ECDHE-RSA-AES128-GCM-SHA256")
            #expect(otherStatus == 1 && !other.contains("PONG"), "\(other)")
            let (suites, suitesStatus) = try await run("--tls-ciphersuites TLS_AES_128_GCM_SHA256")
            #expect(suitesStatus == 2 && suites.hasPrefix("Error: --tls-ciphersuites: rwb's TLS library"), "\(suites)")
        }
    }
}
