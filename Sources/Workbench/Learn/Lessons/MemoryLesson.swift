extension Lessons {
    static let memory = #"""
        .lesson memory Memory and eviction: MEMORY USAGE, rwb analyze, and a policy measured
        .summary Every key costs more than its value. Measure keys with MEMORY USAGE, find the big ones with analyze, then fill a small server and measure what each maxmemory policy keeps.
        .goal Read what one key costs with MEMORY USAGE
        .goal Find where the memory goes with .analyze (rwb analyze)
        .goal Read the server's eviction policy, then choose one and measure it against noeviction with the eviction lab

        .step What one key costs
        .say MEMORY USAGE KEY answers the bytes a key takes: its value, the key's name, and the bookkeeping around them.
        SET rwb:memory:small x
        .task Ask how many bytes rwb:memory:small takes. Its value is one byte.
        .check sent MEMORY USAGE rwb:memory:small
        .check reply-type integer
        .hint MEMORY USAGE KEY
        .hint MEMORY USAGE rwb:memory:small
        .answer MEMORY USAGE rwb:memory:small
        .wrong STRLEN rwb:memory:small
        .wrong GET rwb:memory:small
        .record small_bytes reply

        .step A bigger value
        .say The lesson made rwb:memory:big a string of 10,000 bytes (SETRANGE writes at an offset and fills the gap with zero bytes).
        SETRANGE rwb:memory:big 9999 x
        .task Ask how many bytes rwb:memory:big takes.
        .check sent MEMORY USAGE rwb:memory:big
        .check reply > 10000
        .hint The same command, another key.
        .hint MEMORY USAGE rwb:memory:big
        .answer MEMORY USAGE rwb:memory:big
        .wrong MEMORY USAGE rwb:memory:small
        .record big_bytes reply

        .step Where the memory goes
        .say On a real server you do not know which keys to ask about. .analyze (rwb analyze from the shell) walks the keys with SCAN and MEMORY USAGE, without blocking the server, and sums them by type and pattern; --match limits it to some keys.
        .task Run .analyze --match rwb:memory:*
        .check lab.lab == analyze
        .check lab.total_keys >= 2
        .hint .analyze takes --match GLOB.
        .hint .analyze --match rwb:memory:*
        .answer .analyze --match rwb:memory:*
        .wrong PING
        .record analyzed_bytes lab.total_bytes

        .step The largest key
        .task Which key does the report list as the largest?
        .check answer == lab.top_keys[0].key
        .hint The table of the largest keys, its first row.
        .hint It is one of the two keys this lesson made.
        .answer lab.top_keys[0].key
        .wrong rwb:memory:nothing

        .step The eviction policy
        .say When used memory reaches maxmemory, Redis applies its maxmemory-policy: noeviction refuses writes with an OOM error; allkeys-lru, allkeys-lfu and allkeys-random evict any key; the volatile-* policies only keys with a TTL.
        .task Ask the server which policy it uses.
        .check sent CONFIG GET maxmemory-policy
        .check reply-type array
        .hint CONFIG GET takes the name of a setting.
        .hint CONFIG GET maxmemory-policy
        .answer CONFIG GET maxmemory-policy
        .wrong INFO memory
        .wrong CONFIG GET maxmemory

        .step Measure two policies
        .say The eviction lab sets maxmemory so that a quarter of its keys fit, replays the same skewed reads and writes under each policy, and counts hits, evictions and refused writes. A policy may evict any key, so the lab runs only on a server without other keys, and it changes the server's settings, so on a server of yours it needs --allow-config (it puts every setting back). rwb learn memory --local gives you a throwaway server. The lesson removed its two keys first.
        DEL rwb:memory:small rwb:memory:big
        .task Choose a policy to hold against noeviction (allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random or volatile-ttl) and run .lab eviction --quick --policy noeviction,YOUR-CHOICE
        .check lab.lab == eviction
        .check lab.results[policy=noeviction].oom_errors >= 0
        .check lab.results[1].hit_ratio >= 0
        .hint .lab eviction with --policy and a comma-separated list: noeviction first, then yours.
        .hint .lab eviction --quick --policy noeviction,allkeys-lru
        .answer .lab eviction --quick --policy noeviction,allkeys-lru
        .wrong PING
        .wrong .lab eviction --quick --policy allkeys-lru
        .record oom lab.results[policy=noeviction].oom_errors
        .record noeviction_hits lab.results[policy=noeviction].hit_ratio
        .record chosen lab.results[1].policy
        .record chosen_hits lab.results[1].hit_ratio
        .record chosen_evicted lab.results[1].evicted_keys

        .step Refused writes
        .task How many writes did noeviction refuse with an OOM error in your run?
        .check answer == lab.results[policy=noeviction].oom_errors
        .hint The row noeviction, the column of OOM errors.
        .hint Once memory is full, every write that would add memory is refused.
        .answer lab.results[policy=noeviction].oom_errors
        .wrong -1

        .step Hits kept
        .task What hit ratio did the policy you chose reach (a number from 0 to 1)?
        .check answer ~= lab.results[1].hit_ratio ±0.01
        .hint The row of your policy, the hit ratio column.
        .hint Give it as a fraction, 0.69 rather than 69%.
        .answer lab.results[1].hit_ratio
        .wrong 2

        .recap A one-byte value took {small_bytes} bytes and a 10,000-byte one {big_bytes}: every key pays for its name and bookkeeping, and values are rounded up to the allocator's sizes. .analyze found {analyzed_bytes} bytes under rwb:memory:.
        .recap With a quarter of the keys fitting, noeviction refused {oom} writes and kept a hit ratio of {noeviction_hits}; {chosen}, your choice, evicted {chosen_evicted} keys and kept {chosen_hits}.
        """#
}
