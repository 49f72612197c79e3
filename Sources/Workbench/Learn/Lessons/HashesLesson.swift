extension Lessons {
    static let hashes = #"""
        .lesson hashes Hashes and the profile cache
        .summary The tutorial caches a user profile as a hash: HSET to store it, HGET to read one field. Store one, count in it, watch its encoding change, then read the hash-profiles lab with your own numbers.
        .goal Store an object as a hash and read one field of it
        .goal Update one field atomically with HINCRBY
        .goal See the compact listpack encoding and the cliff where a hash leaves it
        .goal Read the hash-profiles lab: memory per layout and the updates a JSON string loses

        .step Store a profile
        .say A hash is one key holding fields and values, like an object: the tutorial stores a user's profile with HSET KEY FIELD VALUE [FIELD VALUE …].
        .task Store user 42's profile at rwb:hashes:user:42 with two fields: name Ada and lang en.
        .check key rwb:hashes:user:42 type == hash
        .check key rwb:hashes:user:42 field name == Ada
        .check key rwb:hashes:user:42 field lang == en
        .hint HSET takes the key, then field value pairs, as many as you like.
        .hint HSET rwb:hashes:user:42 name Ada lang en
        .answer HSET rwb:hashes:user:42 name Ada lang en
        .wrong SET rwb:hashes:user:42 '{"name":"Ada","lang":"en"}'
        .wrong HSET rwb:hashes:user:42 name Ada
        .wrong HSET rwb:hashes:user:42 name Grace lang en

        .step Read one field
        .say HGET reads one field without sending the whole object back: the reply is a few bytes whatever the size of the profile.
        DEL rwb:hashes:user:42
        HSET rwb:hashes:user:42 name Ada lang en
        .task Read only the name of user 42.
        .check sent HGET rwb:hashes:user:42 name
        .check reply == Ada
        .hint HGET KEY FIELD
        .hint HGET rwb:hashes:user:42 name
        .answer HGET rwb:hashes:user:42 name
        .wrong HGETALL rwb:hashes:user:42

        .step Count in a field
        .say HINCRBY adds to one field on the server. Reading the profile, changing it in your program and writing it back would lose the updates of every client that did the same meanwhile.
        HSET rwb:hashes:user:42 visits 0
        .task Add one to the visits field of user 42, with one command.
        .check key rwb:hashes:user:42 field visits == 1
        .check sent HINCRBY rwb:hashes:user:42 visits 1
        .hint HINCRBY KEY FIELD AMOUNT
        .hint HINCRBY rwb:hashes:user:42 visits 1
        .answer HINCRBY rwb:hashes:user:42 visits 1
        .wrong HSET rwb:hashes:user:42 visits 1
        .wrong HINCRBY rwb:hashes:user:42 visits 2

        .step The compact encoding
        .say A small hash is stored as a listpack: its fields one after the other in one allocation, far smaller than a hash table. OBJECT ENCODING KEY tells which one a key uses.
        .task Which encoding does rwb:hashes:user:42 use now? Ask the server, then answer.
        .check answer == listpack
        .hint OBJECT ENCODING rwb:hashes:user:42
        .hint It is the compact one, named after a list of packed entries.
        .answer listpack
        .wrong hashtable
        .record small_encoding answer

        .step The listpack cliff
        .say A hash stays a listpack while it has at most hash-max-listpack-entries fields and every value is at most hash-max-listpack-value bytes, 64 by default (CONFIG GET hash-max-listpack-* shows this server's limits). One longer value converts the whole hash to a hash table, for good.
        .task Give user 42 a field bio whose value is longer than 64 characters, and watch the encoding change.
        .check key rwb:hashes:user:42 encoding == hashtable
        .check key rwb:hashes:user:42 field name == Ada
        .hint HSET rwb:hashes:user:42 bio followed by a value of 65 characters or more.
        .hint Then OBJECT ENCODING rwb:hashes:user:42 shows the change.
        .answer HSET rwb:hashes:user:42 bio "Ada wrote the first program for a machine that was never built, in 1843, in her notes."
        .wrong HSET rwb:hashes:user:42 bio "a short bio"
        .wrong HSET rwb:hashes:user:42 name "Ada wrote the first program for a machine that was never built, in 1843, in her notes."

        .step Run the lab
        .say The hash-profiles lab stores thousands of profiles four ways (a hash each, a JSON string each, a key per field, and hashes of 100 profiles each), measures their memory with MEMORY USAGE, and lets 8 clients update one profile at once.
        .task Run the lab: .lab hash-profiles --quick
        .check lab.lab == hash-profiles
        .check lab.lost_updates.json_rmw.lost >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab hash-profiles --quick
        .answer .lab hash-profiles --quick
        .wrong PING
        .record hash_bytes lab.layouts[layout=hash].bytes_per_profile
        .record json_bytes lab.layouts[layout=json].bytes_per_profile
        .record json_lost lab.lost_updates.json_rmw.lost
        .record hincrby_lost lab.lost_updates.hincrby.lost

        .step Memory per profile
        .say Read the lab's table of layouts: bytes/profile is MEMORY USAGE divided by the profiles each key holds.
        .task How many bytes did one profile take as a hash, in your run?
        .check answer == lab.layouts[layout=hash].bytes_per_profile
        .hint The row "hash" of the first table, column bytes/profile.
        .hint .expect lab.layouts[layout=hash].bytes_per_profile == N checks a guess in a script; here, read the table.
        .answer lab.layouts[layout=hash].bytes_per_profile
        .wrong -1

        .step Lost updates
        .say Under the table, the lab counted what 8 clients lost when each read the profile as JSON, changed it and wrote it back, against HINCRBY on a hash.
        .task How many updates did the JSON read-modify-write lose in your run?
        .check answer == lab.lost_updates.json_rmw.lost
        .hint Look for "lost" in the section about concurrent updates.
        .hint It is the count for json read-modify-write; HINCRBY's is 0.
        .answer lab.lost_updates.json_rmw.lost
        .wrong -1

        .recap Your small profile was a {small_encoding}. In your run of the lab one profile took {hash_bytes} bytes as a hash and {json_bytes} bytes as a JSON string.
        .recap With 8 clients updating one profile, the JSON read-modify-write lost {json_lost} updates and HINCRBY lost {hincrby_lost}: an update done on the server cannot be overwritten by a stale copy.
        """#
}
