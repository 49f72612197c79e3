/// What one simulated client asks for, in order: a stream drawn from its own seeded
/// generator, so the same seed replays the same requests whatever the timing.
enum CacheRequest: Sendable, Equatable {
    /// A product by id (an id past the catalogue does not exist).
    case product(Int)
    /// The tutorial's query: the featured top ten.
    case featured
    /// A price change of a product: database first, then the cache action.
    case update(Int)
}

struct Workload: Sendable {
    var products: Int
    /// Popularity of products: Zipf with this exponent over ids 1…products.
    var zipf: Zipf
    var writeRatio: Double
    var missingRatio: Double
    /// Share of reads that are the featured-products query.
    var featuredRatio: Double

    /// The next request of one client.
    func next(using generator: inout SeededGenerator) -> CacheRequest {
        if generator.chance(writeRatio) { return .update(zipf.next(using: &generator)) }
        if generator.chance(missingRatio) { return .product(products + 1 + generator.index(below: products)) }
        if generator.chance(featuredRatio) { return .featured }
        return .product(zipf.next(using: &generator))
    }

    /// A new price for an update, drawn from the client's generator.
    static func price(using generator: inout SeededGenerator) -> Int {
        100 + generator.index(below: 99_900)
    }
}
