extension Lessons {
    static let lock = #"""
        .lesson lock Locks: SET NX PX, a release that checks its token, and a lease that runs out
        .summary A Redis lock is one key: SET with NX takes it only if it is free, PX gives it a lease. Take and release one by hand, see what a plain DEL does after your lease ran out, take a fencing token, then measure a pause longer than the lease with the lock lab.
        .goal Take a lock with SET KEY TOKEN NX PX MS, and see another client refused
        .goal Release it with a compare-and-delete script, which leaves another holder's lock alone
        .goal Take a fencing token with INCR
        .goal Read the lock lab: what a pause longer than the lease costs each release

        .step Take the lock
        .say A lock is a key holding a token only its holder knows. NX sets the key only if it does not exist; PX MS gives it a lease in milliseconds, so a holder that dies does not keep it for ever.
        .task Take the lock rwb:lock:job:1 with the token token-a and a lease of 30 seconds, only if it is free.
        .check key rwb:lock:job:1 value == token-a
        .check key rwb:lock:job:1 ttl > 0
        .check key rwb:lock:job:1 ttl <= 30
        .hint SET KEY TOKEN NX PX MILLISECONDS
        .hint SET rwb:lock:job:1 token-a NX PX 30000
        .answer SET rwb:lock:job:1 token-a NX PX 30000
        .wrong SET rwb:lock:job:1 token-a
        .wrong SET rwb:lock:job:1 token-a NX PX 300000
        .wrong SET rwb:lock:job:1 token-b NX PX 30000

        .step Someone else tries
        .say Worker b now wants the same lock while you hold it. The lesson took it for you again.
        DEL rwb:lock:job:1
        SET rwb:lock:job:1 token-a PX 60000
        .task As worker b, try to take rwb:lock:job:1 with the token token-b and a lease of 30 seconds, only if it is free.
        .check sent SET rwb:lock:job:1 ...
        .check reply-type nil
        .check key rwb:lock:job:1 value == token-a
        .hint The same command as before, with b's token: NX makes it fail while the key exists.
        .hint SET rwb:lock:job:1 token-b NX PX 30000
        .answer SET rwb:lock:job:1 token-b NX PX 30000
        .wrong SET rwb:lock:job:1 token-b PX 30000
        .wrong GET rwb:lock:job:1

        .step Release your own lock
        .say Releasing must delete the key only if it still holds your token. A GET then a DEL from your program would leave a gap between them; a Lua script runs whole on the server: if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end.
        DEL rwb:lock:job:1
        SET rwb:lock:job:1 token-a PX 60000
        .task Release rwb:lock:job:1 as token-a: EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-a
        .check reply == 1
        .check key rwb:lock:job:1 missing
        .check sent EVAL * 1 rwb:lock:job:1 token-a
        .hint EVAL SCRIPT NUMKEYS KEY ARG: the script in double quotes, 1 key, then your token.
        .hint Copy the whole command from the task.
        .answer EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-a
        .wrong DEL rwb:lock:job:1
        .wrong EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-b

        .step The lease ran out
        .say You took the lock with token-a and a lease of 100 ms, then your process paused for 400 ms (a GC pause, say). The key expired after 100 ms and worker b took the lock with token-b. The lesson has set the server as it is when you wake up.
        DEL rwb:lock:job:1
        SET rwb:lock:job:1 token-b PX 60000
        .task You finish your work and release as token-a, with the same script.
        .check reply == 0
        .check key rwb:lock:job:1 value == token-b
        .check sent EVAL * 1 rwb:lock:job:1 token-a
        .hint The script of the last step, with your token token-a.
        .hint EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-a
        .answer EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-a
        .wrong DEL rwb:lock:job:1
        .wrong EVAL "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end" 1 rwb:lock:job:1 token-b

        .step A fencing token
        .say The script answered 0 and left b's lock alone, where a plain DEL would have deleted it. It cannot undo the rest: while you were paused, b was inside too. A fencing token is a number that grows with each acquisition (INCR on a second key); the resource remembers the largest it has seen and refuses a write that brings a smaller one.
        SET rwb:lock:fence 33
        .task Take the next fencing token from rwb:lock:fence.
        .check key rwb:lock:fence value == 34
        .check sent INCR rwb:lock:fence
        .hint INCR KEY adds one and answers the new value.
        .hint INCR rwb:lock:fence
        .answer INCR rwb:lock:fence
        .wrong SET rwb:lock:fence 34
        .wrong GET rwb:lock:fence

        .step Run the lab
        .say The lock lab lets 3 workers, each on its own connection, take a lock with SET NX PX 100, read a counter from SQLite, work 10 ms and write it plus one. One round in 4 also pauses 400 ms, four times the lease; a control run has no pauses. It does this with a plain DEL release, with your token release, and with fencing tokens.
        .task Run .lab lock --quick
        .check lab.lab == lock
        .check lab.variants[variant=token-release].paused.lost_increments >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab lock --quick
        .answer .lab lock --quick
        .wrong PING
        .record del_wrong lab.variants[variant=del-release].paused.wrong_deletions
        .record token_wrong lab.variants[variant=token-release].paused.wrong_deletions
        .record token_violations lab.variants[variant=token-release].paused.violations
        .record token_lost lab.variants[variant=token-release].paused.lost_increments
        .record fencing_refused lab.variants[variant=fencing].paused.stale_writes_refused
        .record fencing_lost lab.variants[variant=fencing].paused.lost_increments
        .record control_lost lab.variants[variant=token-release].control.lost_increments

        .step Lost increments
        .say Lost increments are the writes minus the final counter: each is a worker that read the counter while another holder was inside and wrote over its increment.
        .task With the token release, how many increments were lost in the paused run?
        .check answer == lab.variants[variant=token-release].paused.lost_increments
        .hint The row token-release, run paused, column lost.
        .hint It is lab.variants[variant=token-release].paused.lost_increments in the JSON report (.lab … --json).
        .answer lab.variants[variant=token-release].paused.lost_increments
        .wrong -1

        .step Stale writes refused
        .task With fencing tokens, how many stale writes did the counter's table refuse in the paused run?
        .check answer == lab.variants[variant=fencing].paused.stale_writes_refused
        .hint The row fencing, run paused, column refused.
        .hint It is lab.variants[variant=fencing].paused.stale_writes_refused in the JSON report.
        .answer lab.variants[variant=fencing].paused.stale_writes_refused
        .wrong -1

        .recap Your release script answered 0 and left worker b's lock alone. In your run the plain DEL deleted another worker's lock {del_wrong} times and the token release {token_wrong} times.
        .recap The token release still let {token_violations} entries in while another worker held the lock, and lost {token_lost} increments: a lease that runs out under its holder is not fixed by the release. Fencing tokens made the counter's table refuse {fencing_refused} stale writes and lost {fencing_lost} increments. Without pauses, the token release lost {control_lost}.
        """#
}
