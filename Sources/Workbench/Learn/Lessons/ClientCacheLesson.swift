extension Lessons {
    static let clientCache = #"""
        .lesson client-cache Client-side caching: RESP3, CLIENT TRACKING and the invalidation push
        .summary A reader can keep values in its own memory and skip the round trip, if something tells it when a value changes. Switch your connection to RESP3, turn on CLIENT TRACKING, read a key and watch the server invalidate it, then measure with the client-cache lab what a local TTL serves stale.
        .goal Find your connection's ID with CLIENT ID, and switch it to RESP3 with HELLO 3
        .goal Turn on CLIENT TRACKING and see the invalidation push when a key you read changes
        .goal Track a whole prefix with BCAST
        .goal Read the client-cache lab: stale reads of a local TTL cache, and the invalidations tracking costs

        .step Your connection
        .say Every connection has an ID. Invalidation messages go to a connection: your own, or the one whose ID you give CLIENT TRACKING ON REDIRECT ID.
        .task Ask the server for your connection's ID.
        .check sent CLIENT ID
        .check reply-type integer
        .hint CLIENT ID
        .hint It is one command with no argument: CLIENT ID
        .answer CLIENT ID
        .wrong CLIENT INFO
        .wrong PING
        .record client_id reply

        .step Speak RESP3
        .say CLIENT TRACKING ON answers OK on a RESP2 connection too, but Redis then sends it no invalidation at all, unless it redirects them to a connection subscribed to __redis__:invalidate. RESP3 has push messages, which arrive on the same connection between replies. HELLO 3 switches the connection to RESP3 and answers a map about the server.
        .task Switch your connection to RESP3.
        .check sent HELLO 3 ...
        .check reply-type map
        .hint HELLO PROTOVER
        .hint HELLO 3
        .answer HELLO 3
        .wrong HELLO 2
        .wrong PING

        .step Turn tracking on
        .say With tracking on, the server remembers the keys this connection reads, and sends an invalidation when one of them changes. It then forgets the key until you read it again.
        .task Turn on client tracking for your connection.
        .check sent CLIENT TRACKING ON ...
        .check reply == OK
        .hint CLIENT TRACKING ON|OFF
        .hint CLIENT TRACKING ON
        .answer CLIENT TRACKING ON
        .wrong CLIENT TRACKING OFF
        .wrong CLIENT GETREDIR

        .step Read a key
        .say The lesson stored a price. A client that caches would now keep the value in its own memory.
        SET rwb:client-cache:price 10
        .task Read rwb:client-cache:price.
        .check sent GET rwb:client-cache:price
        .check reply == 10
        .hint GET KEY
        .hint GET rwb:client-cache:price
        .answer GET rwb:client-cache:price
        .wrong GET rwb:client-cache:other
        .wrong EXISTS rwb:client-cache:price

        .step Change it
        .say Any write to a tracked key sends the invalidation, your own writes too (CLIENT TRACKING ON NOLOOP leaves those out). In a terminal rwb prints the push above the reply: -> invalidate: 'KEY'.
        .task Set rwb:client-cache:price to 12, and look for the invalidation.
        .check key rwb:client-cache:price value == 12
        .hint SET KEY VALUE
        .hint SET rwb:client-cache:price 12
        .answer SET rwb:client-cache:price 12
        .wrong SET rwb:client-cache:price 10
        .wrong GET rwb:client-cache:price

        .step Broadcast a prefix
        .say In the default mode the server keeps a table of the keys each client read. With BCAST it keeps none: the client names prefixes and is told of every change under them, read or not. A connection switches mode only through CLIENT TRACKING OFF; the lesson turned tracking off.
        CLIENT TRACKING OFF
        .task Turn tracking on in broadcast mode for the prefix rwb:client-cache:.
        .check sent CLIENT TRACKING ON BCAST ...
        .check reply == OK
        .hint CLIENT TRACKING ON BCAST PREFIX PREFIX; if tracking is on already, CLIENT TRACKING OFF first.
        .hint CLIENT TRACKING ON BCAST PREFIX rwb:client-cache:
        .answer CLIENT TRACKING ON BCAST PREFIX rwb:client-cache:
        .wrong CLIENT TRACKING OFF
        .wrong CLIENT TRACKINGINFO

        .step Run the lab
        .say The client-cache lab runs readers with a local cache, each on its own connection, against a writer: no cache (none), a local TTL of 1 s (ttl), default tracking and BCAST. In lockstep, each round's writes and their pushes are read before the reads; then it runs them freely. It counts each stale read against the writer's record of versions. The lesson turned your tracking off.
        CLIENT TRACKING OFF
        .task Run .lab client-cache --quick
        .check lab.lab == client-cache
        .check lab.lockstep.ttl.stale_reads >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab client-cache --quick
        .answer .lab client-cache --quick
        .wrong PING
        .record reads lab.lockstep.none.reads
        .record ttl_hits lab.lockstep.ttl.hit_ratio
        .record ttl_stale lab.lockstep.ttl.stale_reads
        .record ttl_window lab.lockstep.ttl.stale_window_max_ms
        .record tracking_hits lab.lockstep.tracking.hit_ratio
        .record tracking_stale lab.lockstep.tracking.stale_reads
        .record tracking_invalidations lab.lockstep.tracking.invalidations
        .record bcast_invalidations lab.lockstep.bcast.invalidations

        .step Stale from a TTL
        .say Nothing tells a TTL cache that a key changed: it serves its copy until the copy expires.
        .task In lockstep, how many stale reads did the ttl variant serve in your run?
        .check answer == lab.lockstep.ttl.stale_reads
        .hint The lockstep table, the row ttl, column "stale reads".
        .hint It is lab.lockstep.ttl.stale_reads in the JSON report (.lab … --json).
        .answer lab.lockstep.ttl.stale_reads
        .wrong -1

        .step What BCAST costs
        .task In lockstep, how many invalidations did the bcast readers receive in your run?
        .check answer == lab.lockstep.bcast.invalidations
        .hint The lockstep table, the row bcast, column invalidations.
        .hint It is lab.lockstep.bcast.invalidations in the JSON report.
        .answer lab.lockstep.bcast.invalidations
        .wrong -1

        .recap Your connection {client_id} spoke RESP3, read a key with tracking on, and was sent an invalidation when it changed.
        .recap In your lockstep run of {reads} reads, the local TTL kept a hit ratio of {ttl_hits} and served {ttl_stale} stale reads, from copies kept up to {ttl_window} ms after a newer version was acknowledged; tracking kept {tracking_hits} with {tracking_stale} stale reads. Default tracking received {tracking_invalidations} invalidations, BCAST {bcast_invalidations}: it is told of every change under its prefixes, read or not.
        """#
}
