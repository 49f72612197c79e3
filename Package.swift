// swift-tools-version:6.0
import PackageDescription

/// The request path's modules skip the run-time exclusivity checks in release builds: they
/// were 8% of `rwb bench`'s client CPU (swift_beginAccess on the channel handler's and the
/// decoder's state, once per reply). Debug builds and the tests keep them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "RedisWorkbench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rwb", targets: ["rwb"]),
        .library(name: "Workbench", targets: ["Workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Pure protocol: values, encoder, incremental decoder. No I/O, no dependencies.
        .target(name: "RESP", swiftSettings: hotPath),
        // Facts about commands (the generated catalog, and what it implies for resending,
        // blocking, streaming, confirming, secrets), shared by the client, formatter and shell.
        .target(name: "RedisCommands", dependencies: ["RESP"]),
        // Reply formatting as redis-cli does it (tty, raw) plus json and csv. Pure, over RESP values.
        .target(name: "ReplyFormat", dependencies: ["RESP", "RedisCommands"]),
        // The REST protocol of serverless Redis (Upstash, Vercel KV): JSON commands in,
        // `{"result": …}` out, and which commands an endpoint sharing connections may run. Pure.
        .target(name: "RedisREST", dependencies: ["RESP", "RedisCommands", "ReplyFormat"]),
        .target(
            name: "RedisClient",
            dependencies: [
                // RedisREST (pure JSON) and NIOHTTP1: the REST transport (`RedisClient/REST`).
                "RESP", "RedisCommands", "RedisREST", "CEpoll",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: hotPath
        ),
        // Labs talk to Redis only through RedisClient's narrow `RedisCommandSender` protocol.
        .target(
            name: "Labs",
            dependencies: [
                // RedisCommands for the cluster router's key positions.
                "RESP", "RedisCommands", "RedisClient",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
                // The rate-limited HTTP API of `rwb lab ratelimit serve`, and its load client.
                .product(name: "Hummingbird", package: "hummingbird"),
                // Its graceful shutdown answers the requests in flight when serve stops.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // The serverless lab runs `rwb kv serve`'s endpoint in-process.
                "KVServer", "RedisREST",
            ]
        ),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // <sys/epoll.h>, which Swift's Glibc module leaves out (RedisClient's CountingSocketLoop).
        .systemLibrary(name: "CEpoll"),
        // Spawning child processes from one long-lived thread, with a parent-death signal.
        .target(name: "CSpawn"),
        // `rwb kv serve`: the Upstash REST protocol served in front of Redis, on Hummingbird.
        .target(
            name: "KVServer",
            dependencies: [
                "RESP", "RedisCommands", "RedisClient", "RedisREST",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Workbench",
            dependencies: [
                "RESP", "RedisCommands", "ReplyFormat", "RedisClient", "Labs", "CReadline", "CSpawn", "KVServer", "RedisREST",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                // Lab options are parsed by the same parser from the shell, the REPL and scripts.
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            plugins: ["BuildCommit"]
        ),
        // `Version.commit` for `rwb --version`.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .executableTarget(
            name: "rwb",
            dependencies: [
                "Workbench", "RESP", "ReplyFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RESPTests",
            dependencies: ["RESP", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RedisClientTests",
            dependencies: [
                "RedisClient",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ReplyFormatTests", dependencies: ["ReplyFormat", "RedisCommands"]),
        .testTarget(name: "RedisRESTTests", dependencies: ["RedisREST", "RESP"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "RedisCommands", "TestSupport"]),
        // Throwaway servers and shell helpers for the test targets that need a real Redis.
        .target(name: "TestSupport", dependencies: ["Workbench", "RedisClient"], path: "Tests/TestSupport"),
        .testTarget(name: "IntegrationTests", dependencies: ["Workbench", "RedisClient", "Labs", "TestSupport"]),
        .testTarget(name: "LabsTests", dependencies: ["Labs", "Workbench", "RedisClient", "TestSupport"]),
    ]
)
