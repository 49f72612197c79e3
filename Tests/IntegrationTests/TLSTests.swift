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
    private func withTLSServer(_ body: (ThrowawayServer, Int, Certificates) async throws -> Void) async throws {
        let certificates = try await Certificates.make()
        defer { TestShell.remove(certificates.directory) }
        let tlsPort = try POSIX.freeLoopbackPort()
        let arguments = [
            "--tls-port", String(tlsPort), "--tls-cert-file", certificates.cert, "--tls-key-file", certificates.key,
            "--tls-ca-cert-file", certificates.ca, "--tls-auth-clients", "no",
        ]
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
}
