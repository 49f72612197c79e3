/// The payload of a bulk string, bulk error or verbatim string: bytes indexed from 0, like
/// an array's.
///
/// A decoded payload is a view of the buffer its reply was read from, not a copy of its own:
/// decoding a GET reply costs a reference to that buffer rather than an allocation (the
/// allocation and its free were half the decoder's time on bulk replies). The buffer lives
/// as long as any payload viewing it; to hold a payload for long, copy it out with `array`.
///
/// Two words: the buffer and a 32-bit offset and length. Payloads are at most 4 GiB − 1
/// (the decoder refuses longer ones), and a buffer too large for a 32-bit offset is not
/// viewed: the payload is copied instead.
public struct RESPBytes: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    private let storage: [UInt8]
    private let offset: UInt32
    private let length: UInt32

    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= Int(UInt32.max), "RESPBytes holds at most 4 GiB - 1")
        self.init(storage: bytes, offset: 0, length: UInt32(bytes.count))
    }

    private init(storage: [UInt8], offset: UInt32, length: UInt32) {
        self.storage = storage
        self.offset = offset
        self.length = length
    }

    public init(_ bytes: some Sequence<UInt8>) {
        self.init(Array(bytes))
    }

    public init(arrayLiteral elements: UInt8...) {
        self.init(elements)
    }

    /// `range` of `buffer`, for the decoder (which has checked the length).
    init(viewing buffer: [UInt8], _ range: Range<Int>) {
        guard range.upperBound <= Int(UInt32.max) else {
            self.init(Array(buffer[range]))
            return
        }
        self.init(storage: buffer, offset: UInt32(range.lowerBound), length: UInt32(range.count))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < Int(length), "index out of range")
        return storage[Int(offset) + position]
    }

    /// The bytes as an array of their own.
    public var array: [UInt8] {
        offset == 0 && Int(length) == storage.count ? storage : Array(storage[Int(offset)..<Int(offset) + Int(length)])
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[Int(offset)..<Int(offset) + Int(length)]))
        }
    }

    public static func == (lhs: RESPBytes, rhs: RESPBytes) -> Bool {
        lhs.length == rhs.length && lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
