extension Lessons {
    static let cluster = #"""
        .lesson cluster Redis Cluster: hash slots, hash tags, CROSSSLOT and MOVED
        .needs cluster
        .summary A cluster splits the keys into 16,384 hash slots shared by its masters. Find a key's slot, keep keys together with a hash tag, meet CROSSSLOT, and see how a client finds the right node. The lesson starts a throwaway cluster of 3 masters and 3 replicas.
        .goal Find the slot a key hashes to, with CLUSTER KEYSLOT
        .goal Put related keys in one slot with a hash tag, so one command can use them all
        .goal See why a command over keys of different slots is refused (CROSSSLOT)
        .goal Read the cluster's map of slots to masters, which MOVED redirections keep up to date

        .step The slot of a key
        .say A key's slot is CRC16 of the key, modulo 16384. Each master serves a range of slots, and every command on that key goes to that master.
        .task Ask which slot rwb:cluster:user:1 hashes to.
        .check sent CLUSTER KEYSLOT rwb:cluster:user:1
        .check reply-type integer
        .hint CLUSTER KEYSLOT KEY
        .hint CLUSTER KEYSLOT rwb:cluster:user:1
        .answer CLUSTER KEYSLOT rwb:cluster:user:1
        .wrong CLUSTER KEYSLOT rwb:cluster:user:2
        .wrong GET rwb:cluster:user:1
        .record slot reply

        .step Keys of different slots
        .say MSET, a transaction or a Lua script may only use keys of one slot. rwb checks before sending and refuses the command, naming each key's slot; a server answers the same command with a CROSSSLOT error.
        .task Send MSET rwb:cluster:a 1 rwb:cluster:b 2 and read the refusal. Which slot does rwb:cluster:b hash to?
        .check answer == 3686
        .hint The message lists each key with its slot. CLUSTER KEYSLOT rwb:cluster:b tells too.
        .hint rwb:cluster:a hashes to 15877.
        .answer 3686
        .wrong 15877
        .wrong 0

        .step A hash tag
        .say When a key holds a part in braces, only the text between the first { and the next } is hashed. rwb:cluster:{user:1}:cart and rwb:cluster:{user:1}:name both hash "user:1", so they share a slot, whatever else their names hold.
        .task With one MSET, store 3 at rwb:cluster:{user:1}:cart and Ada at rwb:cluster:{user:1}:name.
        .check sent MSET ...
        .check key rwb:cluster:{user:1}:cart value == 3
        .check key rwb:cluster:{user:1}:name value == Ada
        .hint MSET KEY VALUE KEY VALUE, with both keys as written in the task.
        .hint MSET rwb:cluster:{user:1}:cart 3 rwb:cluster:{user:1}:name Ada
        .answer MSET rwb:cluster:{user:1}:cart 3 rwb:cluster:{user:1}:name Ada
        .wrong SET rwb:cluster:{user:1}:cart 3
        .wrong MSET rwb:cluster:{user:1}:cart 3 rwb:cluster:{user:1}:name Grace
        .wrong MSET rwb:cluster:{user:1}:cart 4 rwb:cluster:{user:1}:name Ada

        .step The tag's slot
        .task Ask which slot rwb:cluster:{user:1}:cart hashes to: the slot of user:1.
        .check sent CLUSTER KEYSLOT rwb:cluster:{user:1}:cart
        .check reply == 10778
        .hint CLUSTER KEYSLOT KEY
        .hint CLUSTER KEYSLOT rwb:cluster:{user:1}:cart (CLUSTER KEYSLOT user:1 gives the same).
        .answer CLUSTER KEYSLOT rwb:cluster:{user:1}:cart
        .wrong CLUSTER KEYSLOT rwb:cluster:user:1
        .record tag_slot reply

        .step The map of slots
        .say A node asked about a key of a slot it does not serve answers -MOVED SLOT HOST:PORT. A cluster client (rwb, redis-cli -c) then asks that node, and refreshes its map of slots from CLUSTER SHARDS (or CLUSTER SLOTS); in the REPL rwb prints "-> Redirected to slot …" when that happens. .trace on shows the exchanges.
        .task Ask the cluster for its map with CLUSTER SHARDS. How many masters serve slots?
        .check answer == 3
        .hint Each shard has one master and its replicas; count the shards.
        .hint The lesson started 3 masters with one replica each.
        .answer 3
        .wrong 6
        .wrong 1

        .recap rwb:cluster:user:1 hashed to slot {slot}, and every key tagged {user:1} to slot {tag_slot}: keys that one command, transaction or script uses together need one hash tag.
        """#
}
