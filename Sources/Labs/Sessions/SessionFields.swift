/// One user's session as a web app keeps it: field, value pairs drawn from the seed.
enum SessionFields {
    static let names = ["ada", "grace", "linus", "barbara", "edsger", "margaret", "donald", "frances", "ken", "radia"]

    /// `[field, value, field, value, …]`, as HSET takes them.
    static func make(user: Int, generator: inout SeededGenerator) -> [String] {
        let cart = (0..<generator.index(below: 4)).map { _ in String(100 + generator.index(below: 900)) }.joined(separator: ",")
        return [
            "user_id", "u\(user)",
            "name", names[generator.index(below: names.count)],
            "created", "0",
            "last_seen", "0",
            "csrf", String(generator.next(), radix: 16) + String(generator.next(), radix: 16),
            "role", generator.chance(0.1) ? "admin" : "member",
            "cart", cart,
        ]
    }

    /// The same session as one JSON object; every value here is plain ASCII without quotes
    /// or backslashes, so nothing needs escaping.
    static func json(_ fields: [String]) -> String {
        let pairs = stride(from: 0, to: fields.count - 1, by: 2).map { "\"\(fields[$0])\":\"\(fields[$0 + 1])\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
