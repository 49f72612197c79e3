extension Lessons {
    static let sessions = #"""
        .lesson sessions Sessions: a hash with a sliding TTL, and the touch that brings a session back
        .summary A session is a hash that expires when its user stops making requests: each request touches it, writing last_seen and renewing the TTL. Log in and touch by hand, see a late touch recreate an expired session, touch safely with a script, then read the sessions lab with your own numbers.
        .goal Store a session as a hash with HSET, and give it a TTL with EXPIRE
        .goal Slide the TTL on each request: HSET last_seen, then EXPIRE again
        .goal See why a touch that arrives after the expiry recreates the session without its user
        .goal Read the sessions lab: zombie sessions per touch, and memory as a hash or as JSON

        .step Log in
        .say The app stores a session under its ID, as a hash: one field per value, so a request can update one field alone.
        .task Store session s1 at rwb:sessions:session:s1 with three fields: user_id 42, name Ada and last_seen 1000.
        .check key rwb:sessions:session:s1 field user_id == 42
        .check key rwb:sessions:session:s1 field name == Ada
        .check key rwb:sessions:session:s1 field last_seen == 1000
        .hint HSET KEY FIELD VALUE [FIELD VALUE …]
        .hint HSET rwb:sessions:session:s1 user_id 42 name Ada last_seen 1000
        .answer HSET rwb:sessions:session:s1 user_id 42 name Ada last_seen 1000
        .wrong SET rwb:sessions:session:s1 '{"user_id":42,"name":"Ada","last_seen":1000}'
        .wrong HSET rwb:sessions:session:s1 user_id 42 last_seen 1000
        .wrong HSET rwb:sessions:session:s1 user_id 42 name Ada

        .step Give it a lifetime
        .say HSET has no TTL option: the expiry is a second command. A session idle for 30 minutes should end.
        DEL rwb:sessions:session:s1
        HSET rwb:sessions:session:s1 user_id 42 name Ada last_seen 1000
        .task Make rwb:sessions:session:s1 expire in 30 minutes.
        .check key rwb:sessions:session:s1 ttl > 1700
        .check key rwb:sessions:session:s1 ttl <= 1800
        .hint EXPIRE KEY SECONDS
        .hint EXPIRE rwb:sessions:session:s1 1800
        .answer EXPIRE rwb:sessions:session:s1 1800
        .wrong EXPIRE rwb:sessions:session:s1 60
        .wrong EXPIRE rwb:sessions:session:s1 3600

        .step Touch it
        .say Twenty minutes later the user makes a request: 10 minutes are left. The app touches the session: it writes last_seen and gives it 30 minutes again, so the TTL slides with each request. HSET alone does not change a key's TTL.
        DEL rwb:sessions:session:s1
        HSET rwb:sessions:session:s1 user_id 42 name Ada last_seen 1000
        EXPIRE rwb:sessions:session:s1 600
        .task Touch rwb:sessions:session:s1 at time 2200: set last_seen to 2200 and its TTL back to 30 minutes.
        .check key rwb:sessions:session:s1 field last_seen == 2200
        .check key rwb:sessions:session:s1 ttl > 1700
        .check key rwb:sessions:session:s1 ttl <= 1800
        .hint Two commands: HSET for the field, EXPIRE for the TTL.
        .hint HSET rwb:sessions:session:s1 last_seen 2200, then EXPIRE rwb:sessions:session:s1 1800
        .answer HSET rwb:sessions:session:s1 last_seen 2200
        .answer EXPIRE rwb:sessions:session:s1 1800
        .wrong HSET rwb:sessions:session:s1 last_seen 2200
        .wrong EXPIRE rwb:sessions:session:s1 1800
        .wrong EXPIRE rwb:sessions:session:s1 3600

        .step A touch too late
        .say A slow request read the session just before its TTL ran out; the session has expired since (the lesson deleted it). Now the request's touch runs. HSET on a key that does not exist creates it.
        DEL rwb:sessions:session:s1
        .task Run the same touch at time 4000 (HSET last_seen, then EXPIRE 1800), then list the session's fields with HKEYS rwb:sessions:session:s1.
        .check reply == last_seen
        .check key rwb:sessions:session:s1 field user_id == (nil)
        .check key rwb:sessions:session:s1 ttl > 1700
        .hint HSET rwb:sessions:session:s1 last_seen 4000, EXPIRE rwb:sessions:session:s1 1800, then HKEYS.
        .hint Three commands, in that order; HKEYS lists the fields the hash holds now.
        .answer HSET rwb:sessions:session:s1 last_seen 4000
        .answer EXPIRE rwb:sessions:session:s1 1800
        .answer HKEYS rwb:sessions:session:s1
        .wrong HKEYS rwb:sessions:session:s1
        .wrong HSET rwb:sessions:session:s1 user_id 42 last_seen 4000

        .step A touch that creates nothing
        .say The touch brought back a session holding only last_seen: a zombie, alive for 30 minutes with no user in it. Wrapping HSET and EXPIRE in MULTI does not help: the transaction runs both, whatever the key holds. A Lua script can look first: if the session is gone it answers 0 and writes nothing.
        DEL rwb:sessions:session:s1
        .task Touch the expired session with the script: EVAL "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], 'last_seen', ARGV[1]) redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1" 1 rwb:sessions:session:s1 4000 1800
        .check reply == 0
        .check key rwb:sessions:session:s1 missing
        .check sent EVAL * 1 rwb:sessions:session:s1 ...
        .hint EVAL SCRIPT NUMKEYS KEY ARG…: the script in double quotes, 1 key, then the time and the TTL.
        .hint Copy the whole command from the task.
        .answer EVAL "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], 'last_seen', ARGV[1]) redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1" 1 rwb:sessions:session:s1 4000 1800
        .wrong HSET rwb:sessions:session:s1 last_seen 4000
        .wrong EXPIRE rwb:sessions:session:s1 1800

        .step Run the lab
        .say The sessions lab lets a few app servers, each on its own connection, serve requests for a few dozen users with a short sliding TTL; some requests are slow and touch their session a round later. It touches three ways: multi (MULTI, HSET, PEXPIRE, EXEC), expire (PEXPIRE alone) and lua (a script like yours), and checks the live sessions against a model.
        .task Run .lab sessions --quick
        .check lab.lab == sessions
        .check lab.touches[touch=multi].zombies_created >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab sessions --quick
        .answer .lab sessions --quick
        .wrong PING
        .record multi_late lab.touches[touch=multi].expired_in_use
        .record multi_zombies lab.touches[touch=multi].zombies_created
        .record multi_zombie_reads lab.touches[touch=multi].zombie_reads
        .record lua_zombies lab.touches[touch=lua].zombies_created
        .record multi_cmds lab.touches[touch=multi].commands_per_touch
        .record lua_cmds lab.touches[touch=lua].commands_per_touch
        .record hash_bytes lab.memory.hash_bytes_per_session
        .record json_bytes lab.memory.json_bytes_per_session

        .step Zombies
        .task How many zombie sessions did the multi touch create in your run?
        .check answer == lab.touches[touch=multi].zombies_created
        .hint The row multi, column "zombies made".
        .hint It is lab.touches[touch=multi].zombies_created in the JSON report (.lab … --json).
        .answer lab.touches[touch=multi].zombies_created
        .wrong -1

        .step Memory per session
        .say The lab also stored the same sessions as hashes and as JSON strings, and measured them with MEMORY USAGE.
        .task How many bytes did one session take as a hash in your run?
        .check answer == lab.memory.hash_bytes_per_session
        .hint The line "Memory" under the table: the bytes a session as a hash.
        .hint It is lab.memory.hash_bytes_per_session in the JSON report.
        .answer lab.memory.hash_bytes_per_session
        .wrong -1

        .recap Your late touch brought back a session without its user; the script answered 0 and left it gone.
        .recap In your run {multi_late} touches of multi came after the session had expired; they created {multi_zombies} zombies, which requests read {multi_zombie_reads} times as if someone were logged in. The script created {lua_zombies}, with {lua_cmds} command a touch against {multi_cmds} for multi. A session took {hash_bytes} bytes as a hash and {json_bytes} as a JSON string.
        """#
}
