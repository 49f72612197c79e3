import RESP
import ReplyFormat
import Testing

/// Every fixture is a real redis-server 7.0.15 reply and what redis-cli 7.0.15 printed for it.
@Suite("Byte for byte against redis-cli 7.0.15")
struct RedisCliFixtureTests {
    @Test("tty", arguments: redisCliFixtures)
    func tty(_ fixture: CliFixture) throws {
        let output = ReplyFormatter(mode: .tty).format(try fixture.reply, command: RedisCommand(fixture.command))
        #expect(output == fixture.tty, "\(String(decoding: output, as: UTF8.self))")
    }

    @Test("raw", arguments: redisCliFixtures)
    func raw(_ fixture: CliFixture) throws {
        let output = ReplyFormatter(mode: .raw).format(try fixture.reply, command: RedisCommand(fixture.command))
        #expect(output == fixture.raw, "\(String(decoding: output, as: UTF8.self))")
    }

    @Test("csv", arguments: redisCliFixtures)
    func csv(_ fixture: CliFixture) throws {
        let output = ReplyFormatter(mode: .csv).format(try fixture.reply, command: RedisCommand(fixture.command))
        #expect(output == fixture.csv, "\(String(decoding: output, as: UTF8.self))")
    }

    /// Where redis-cli's --json is valid JSON, ours is the same bytes; everywhere ours is valid.
    @Test("json", arguments: redisCliFixtures)
    func json(_ fixture: CliFixture) throws {
        let output = ReplyFormatter(mode: .json).format(try fixture.reply, command: RedisCommand(fixture.command))
        if let expected = fixture.json {
            #expect(output == expected, "\(String(decoding: output, as: UTF8.self))")
        }
        #expect(output.last == UInt8(ascii: "\n"))
        _ = try parseJSON(output)
    }
}
