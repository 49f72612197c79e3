extension Lessons {
    static let cacheAside = #"""
        .lesson cache-aside Cache-aside: the tutorial's code, its stampede and its if (cached)
        .summary The tutorial reads the cache first, queries the database on a miss and writes the row back with a TTL. Type its commands, reproduce its two bugs, read the cache-aside lab, and type the fix.
        .goal Do the tutorial's read path by hand: GET, then SET … EX on a miss
        .goal See why if (cached) takes a cached empty string for a miss
        .goal Measure a stampede: how many database queries one expiry costs, with and without a lock
        .goal Take a recompute lock with SET NX PX, as the fix does

        .step Ask the cache
        .say The tutorial's getProduct(id) starts with redis.get(`product:${id}`). Nothing is cached yet, so the answer is (nil): a miss, and the code goes to the database.
        .task Ask the cache for product 7, at rwb:cache-aside:product:7.
        .check sent GET rwb:cache-aside:product:7
        .check reply-type nil
        .hint GET KEY
        .hint GET rwb:cache-aside:product:7
        .answer GET rwb:cache-aside:product:7
        .wrong GET rwb:cache-aside:product:8
        .wrong SET rwb:cache-aside:product:7 lamp

        .step Fill it after the miss
        .say On a miss the tutorial queries the database and stores the row as JSON for an hour: redis.set(key, JSON.stringify(product), 'EX', 3600).
        .task Store {"id":7,"name":"lamp"} at rwb:cache-aside:product:7 for an hour.
        .check key rwb:cache-aside:product:7 value == '{"id":7,"name":"lamp"}'
        .check key rwb:cache-aside:product:7 ttl > 3000
        .check key rwb:cache-aside:product:7 ttl <= 3600
        .hint Quote the JSON with single quotes: '{"id":7,"name":"lamp"}'. EX 3600 is an hour.
        .hint SET rwb:cache-aside:product:7 '{"id":7,"name":"lamp"}' EX 3600
        .answer SET rwb:cache-aside:product:7 '{"id":7,"name":"lamp"}' EX 3600
        .wrong SET rwb:cache-aside:product:7 '{"id":7,"name":"lamp"}'
        .wrong SET rwb:cache-aside:product:7 '{"id":7,"name":"lamp"}' EX 60
        .wrong SET rwb:cache-aside:product:7 '{"id":7,"name":"lamp"}' EX 7200
        .wrong SET rwb:cache-aside:product:7 '{"id":7}' EX 3600

        .step A product that does not exist
        .say Product 999 does not exist. When the tutorial's fetcher returns undefined, JSON.stringify(undefined) is undefined, and the client stores it as an empty string. The lesson has cached it that way.
        SET rwb:cache-aside:product:999 "" EX 3600
        .task Read rwb:cache-aside:product:999 from the cache.
        .check sent GET rwb:cache-aside:product:999
        .check reply-type string
        .hint GET KEY
        .hint GET rwb:cache-aside:product:999
        .answer GET rwb:cache-aside:product:999
        .wrong EXISTS rwb:cache-aside:product:999
        .wrong GET rwb:cache-aside:product:7

        .step What if (cached) sees
        .say The reply was an empty string: the cache holds the answer "not found". The tutorial then tests if (cached) in JavaScript.
        .task Does if (cached) take that empty string for a hit? Answer yes or no.
        .check answer == no
        .hint In JavaScript the empty string is falsy, like 0, null and undefined.
        .hint So the code queries the database again, on every request for product 999.
        .answer no
        .wrong yes

        .step Run the stampede
        .say When a hot key expires, every request that misses queries the database at the same moment: a stampede. The cache-aside lab lets 8 clients read a popular product whose TTL runs out, with the tutorial's code (naive) and with a lock that lets one client recompute.
        .task Run .lab cache-aside --quick --scenario stampede --strategy naive,lock
        .check lab.scenario == stampede
        .check lab.strategies.lock.backend_queries >= 0
        .check lab.strategies.naive.backend_queries >= 0
        .hint .lab runs a lab; the options pick the scenario and the two strategies.
        .hint .lab cache-aside --quick --scenario stampede --strategy naive,lock
        .answer .lab cache-aside --quick --scenario stampede --strategy naive,lock
        .wrong PING
        .record naive_queries lab.strategies.naive.backend_queries
        .record naive_peak lab.strategies.naive.max_concurrent_backend
        .record lock_queries lab.strategies.lock.backend_queries
        .record lock_peak lab.strategies.lock.max_concurrent_backend

        .step Count the queries
        .say The report counts every query that reached the database (SQLite, with 5 ms added to each).
        .task How many database queries did the tutorial's code (naive) run in your stampede?
        .check answer == lab.strategies.naive.backend_queries
        .hint The row naive, column db queries.
        .hint It is lab.strategies.naive.backend_queries in the JSON report (.lab … --json).
        .answer lab.strategies.naive.backend_queries
        .wrong -1

        .step At most at once
        .task And with the lock, how many queries ran at the same time at most?
        .check answer == lab.strategies.lock.max_concurrent_backend
        .hint The row lock, the column of concurrent database queries.
        .hint With a lock only the holder recomputes, so it should be small.
        .answer lab.strategies.lock.max_concurrent_backend
        .wrong -1

        .step Take the lock
        .say The lock strategy's fix is one command: SET lock token NX PX ms. NX sets the key only if nobody holds it; PX lets the lock expire if its holder dies. The lesson has taken the lock for product 7 as another client would (token holder-token).
        SET rwb:cache-aside:lock:product:7 holder-token PX 60000
        .task Try to take the lock rwb:cache-aside:lock:product:7 with your own token, for 5 seconds, only if it is free. The reply shows who won.
        .check sent SET rwb:cache-aside:lock:product:7 ...
        .check reply-type nil
        .check key rwb:cache-aside:lock:product:7 value == holder-token
        .hint SET KEY TOKEN NX PX 5000
        .hint SET rwb:cache-aside:lock:product:7 mine NX PX 5000
        .answer SET rwb:cache-aside:lock:product:7 mine NX PX 5000
        .wrong SET rwb:cache-aside:lock:product:7 mine PX 5000
        .wrong GET rwb:cache-aside:lock:product:7

        .recap In your stampede the tutorial's code sent {naive_queries} queries to the database, up to {naive_peak} at once; with the lock it sent {lock_queries}, at most {lock_peak} at once.
        .recap The (nil) you got from SET … NX is how the other clients learn to wait for the cache instead of querying: the fix for the stampede. The fix for if (cached) is to test for null: if (cached !== null).
        """#
}
