import HeapModule

/// Caches of `capacity` keys replaying a request sequence exactly: what Redis's sampled
/// policies approximate (exact LRU, exact LFU), what chance alone does (random), and the
/// best any policy could do knowing the future (Belady's optimal). Keys are ids `0..<keys`;
/// a request that misses inserts its key, evicting one when the cache is full.
public enum CacheSimulator {
    /// Hits of each reference on the same requests.
    public struct Results: Sendable, Equatable {
        public var exactLRU: Int
        public var exactLFU: Int
        public var random: Int
        public var optimal: Int
    }

    public static func all(_ requests: [Int], keys: Int, capacity: Int, seed: UInt64) -> Results {
        Results(
            exactLRU: lru(requests, keys: keys, capacity: capacity), exactLFU: lfu(requests, keys: keys, capacity: capacity),
            random: random(requests, keys: keys, capacity: capacity, seed: seed), optimal: optimal(requests, keys: keys, capacity: capacity)
        )
    }

    /// Least recently used: a doubly linked list threaded through arrays indexed by key.
    public static func lru(_ requests: [Int], keys: Int, capacity: Int) -> Int {
        guard capacity > 0 else { return 0 }
        var previous = [Int](repeating: -1, count: keys)
        var next = [Int](repeating: -1, count: keys)
        var cached = [Bool](repeating: false, count: keys)
        var head = -1  // most recent
        var tail = -1  // least recent
        var count = 0
        var hits = 0
        func unlink(_ key: Int) {
            if previous[key] >= 0 { next[previous[key]] = next[key] } else { head = next[key] }
            if next[key] >= 0 { previous[next[key]] = previous[key] } else { tail = previous[key] }
            previous[key] = -1
            next[key] = -1
        }
        func pushFront(_ key: Int) {
            next[key] = head
            previous[key] = -1
            if head >= 0 { previous[head] = key }
            head = key
            if tail < 0 { tail = key }
        }
        for key in requests {
            if cached[key] {
                hits += 1
                unlink(key)
            } else {
                if count == capacity {
                    let victim = tail
                    unlink(victim)
                    cached[victim] = false
                    count -= 1
                }
                cached[key] = true
                count += 1
            }
            pushFront(key)
        }
        return hits
    }

    /// Least frequently used (uses since the key entered the cache), ties to the least
    /// recently used. A min-heap with stale entries skipped.
    public static func lfu(_ requests: [Int], keys: Int, capacity: Int) -> Int {
        guard capacity > 0 else { return 0 }
        struct Entry: Comparable {
            var uses: Int
            var lastUse: Int
            var key: Int
            static func < (a: Entry, b: Entry) -> Bool { (a.uses, a.lastUse) < (b.uses, b.lastUse) }
        }
        var uses = [Int](repeating: 0, count: keys)
        var lastUse = [Int](repeating: -1, count: keys)
        var cached = [Bool](repeating: false, count: keys)
        var heap = Heap<Entry>()
        var count = 0
        var hits = 0
        for (time, key) in requests.enumerated() {
            if cached[key] {
                hits += 1
                uses[key] += 1
            } else {
                if count == capacity {
                    while let entry = heap.popMin() {
                        // An entry is current only if the key is cached and unchanged since.
                        guard cached[entry.key], uses[entry.key] == entry.uses, lastUse[entry.key] == entry.lastUse else { continue }
                        cached[entry.key] = false
                        count -= 1
                        break
                    }
                }
                cached[key] = true
                uses[key] = 1
                count += 1
            }
            lastUse[key] = time
            heap.insert(Entry(uses: uses[key], lastUse: time, key: key))
        }
        return hits
    }

    /// A key chosen at random (seeded) leaves when one must.
    public static func random(_ requests: [Int], keys: Int, capacity: Int, seed: UInt64) -> Int {
        guard capacity > 0 else { return 0 }
        var generator = SeededGenerator(seed: seed).split(0xE7)
        var slot = [Int](repeating: -1, count: keys)
        var members: [Int] = []
        var hits = 0
        for key in requests {
            if slot[key] >= 0 {
                hits += 1
                continue
            }
            if members.count == capacity {
                let index = generator.index(below: members.count)
                let victim = members[index]
                let last = members.removeLast()
                if index < members.count {
                    members[index] = last
                    slot[last] = index
                }
                slot[victim] = -1
            }
            slot[key] = members.count
            members.append(key)
        }
        return hits
    }

    /// Belady's optimal: evict the key whose next use is furthest away (or never comes).
    public static func optimal(_ requests: [Int], keys: Int, capacity: Int) -> Int {
        guard capacity > 0 else { return 0 }
        // When each request's key is asked for next.
        var nextUse = [Int](repeating: Int.max, count: requests.count)
        var upcoming = [Int](repeating: Int.max, count: keys)
        for index in requests.indices.reversed() {
            nextUse[index] = upcoming[requests[index]]
            upcoming[requests[index]] = index
        }
        struct Entry: Comparable {
            var next: Int
            var key: Int
            static func < (a: Entry, b: Entry) -> Bool { (a.next, a.key) < (b.next, b.key) }
        }
        var current = [Int](repeating: -1, count: keys)  // the next use recorded for a cached key
        var cached = [Bool](repeating: false, count: keys)
        var heap = Heap<Entry>()
        var count = 0
        var hits = 0
        for (index, key) in requests.enumerated() {
            if cached[key] {
                hits += 1
            } else {
                if count == capacity {
                    while let entry = heap.popMax() {
                        guard cached[entry.key], current[entry.key] == entry.next else { continue }
                        cached[entry.key] = false
                        count -= 1
                        break
                    }
                }
                cached[key] = true
                count += 1
            }
            current[key] = nextUse[index]
            heap.insert(Entry(next: nextUse[index], key: key))
        }
        return hits
    }
}
