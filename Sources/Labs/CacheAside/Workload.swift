/// What one simulated client asks for, in order: a stream drawn from its own seeded
/// generator, so the same seed replays the same requests whatever the timing.
enum CacheRequest: Sendable, Equatable {
    /// A product by id (an id past the catalogue does not exist).
    case product(Int)
    /// The tutorial's query: the featured top ten.
    case featured
    /// A price change of a product: database first, then the cache action.
    case update(Int)
    /// A new product under an id readers ask for and do not find (past the catalogue):
    /// the database only, as the tutorial's create path has no cache code.
    case create(Int)
}

struct Workload: Sendable {
    var products: Int
    /// Popularity of products: Zipf with this exponent over ids 1…products.
    var zipf: Zipf
    var writeRatio: Double
    var missingRatio: Double
    /// Share of reads that are the featured-products query.
    var featuredRatio: Double
    /// Share of requests that create a product among the missing ids.
    var createRatio: Double = 0

    /// The next request of one client.
    func next(using generator: inout SeededGenerator) -> CacheRequest {
        if generator.chance(writeRatio) { return .update(zipf.next(using: &generator)) }
        // Drawn only when asked for, so that a seed replays the same requests as before
        // creations existed.
        if createRatio > 0 && generator.chance(createRatio) { return .create(missingId(using: &generator)) }
        if generator.chance(missingRatio) { return .product(missingId(using: &generator)) }
        if generator.chance(featuredRatio) { return .featured }
        return .product(zipf.next(using: &generator))
    }

    /// An id past the catalogue: one a reader asks for and does not find, until it is created.
    func missingId(using generator: inout SeededGenerator) -> Int {
        products + 1 + generator.index(below: products)
    }

    /// A new price for an update, drawn from the client's generator.
    static func price(using generator: inout SeededGenerator) -> Int {
        100 + generator.index(below: 99_900)
    }
}
