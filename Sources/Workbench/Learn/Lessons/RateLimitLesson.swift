extension Lessons {
    static let rateLimit = #"""
        .lesson ratelimit Rate limiting: a sliding log by hand, its collisions and lockout, and a Lua limiter
        .summary The tutorial's limiter keeps a log of requests in a sorted set: ZREMRANGEBYSCORE, ZADD, ZCARD, EXPIRE. Do it by hand on a clock you choose, reproduce its millisecond collisions and its lockout, then load an atomic limiter in Lua.
        .goal Keep a sliding log of requests in a sorted set, scored by time
        .goal See two requests in one millisecond collapse into one entry
        .goal Read the ratelimit lab's lockout: what logging denied requests costs a retrying client
        .goal Run a limiter as one Lua script, with EVAL and then EVALSHA

        .step Log a request
        .say A sorted set keeps members ordered by a score. The tutorial scores each request by its time in milliseconds. Here the clock is yours: call now 1000.
        .task Log request req-a at time 1000 in rwb:ratelimit:ip:1.
        .check key rwb:ratelimit:ip:1 score req-a == 1000
        .check key rwb:ratelimit:ip:1 len == 1
        .hint ZADD KEY SCORE MEMBER
        .hint ZADD rwb:ratelimit:ip:1 1000 req-a
        .answer ZADD rwb:ratelimit:ip:1 1000 req-a
        .wrong ZADD rwb:ratelimit:ip:1 2000 req-a
        .wrong ZADD rwb:ratelimit:ip:1 1000 req-a 1001 req-b

        .step Count the window
        .say The limiter allows a request while the log holds fewer than the limit. The lesson logged two more requests, at 1500 and 2500.
        DEL rwb:ratelimit:ip:1
        ZADD rwb:ratelimit:ip:1 1000 req-a 1500 req-b 2500 req-c
        .task Count the requests in rwb:ratelimit:ip:1.
        .check sent ZCARD rwb:ratelimit:ip:1
        .check reply == 3
        .hint ZCARD KEY answers how many members a sorted set has.
        .hint ZCARD rwb:ratelimit:ip:1
        .answer ZCARD rwb:ratelimit:ip:1
        .wrong ZCOUNT rwb:ratelimit:ip:1 0 1200

        .step Slide the window
        .say The window is the last 1000 ms. At now = 2600, requests at 1600 or earlier are outside it: the tutorial removes them with ZREMRANGEBYSCORE KEY 0 now-window.
        DEL rwb:ratelimit:ip:1
        ZADD rwb:ratelimit:ip:1 1000 req-a 1500 req-b 2500 req-c
        .task At now = 2600, remove the requests older than the window from rwb:ratelimit:ip:1.
        .check key rwb:ratelimit:ip:1 len == 1
        .check key rwb:ratelimit:ip:1 score req-c == 2500
        .hint ZREMRANGEBYSCORE KEY MIN MAX removes the members scored from MIN to MAX.
        .hint ZREMRANGEBYSCORE rwb:ratelimit:ip:1 0 1600
        .answer ZREMRANGEBYSCORE rwb:ratelimit:ip:1 0 1600
        .wrong ZREMRANGEBYSCORE rwb:ratelimit:ip:1 0 1000
        .wrong DEL rwb:ratelimit:ip:1

        .step Two requests in one millisecond
        .say One variant of the tutorial uses the timestamp itself as the member. Two requests in the same millisecond then write the same member twice, and a sorted set keeps one.
        .task Log two requests that both arrive at 3000 in rwb:ratelimit:ip:2, each with ZADD rwb:ratelimit:ip:2 3000 3000.
        .check sent ZADD rwb:ratelimit:ip:2 3000 3000
        .check key rwb:ratelimit:ip:2 score 3000 == 3000
        .hint Send the same ZADD twice: ZADD rwb:ratelimit:ip:2 3000 3000
        .hint Look at ZADD's reply the second time: it counts new members.
        .answer ZADD rwb:ratelimit:ip:2 3000 3000
        .answer ZADD rwb:ratelimit:ip:2 3000 3000
        .wrong ZADD rwb:ratelimit:ip:2 3000 3000-a

        .step Count the collision
        ZADD rwb:ratelimit:ip:2 3000 3000
        .task Two requests arrived. How many does the log in rwb:ratelimit:ip:2 hold?
        .check answer == 1
        .hint ZCARD rwb:ratelimit:ip:2 tells.
        .hint The second ZADD answered 0: no new member. The limiter counted one request, and let the other through free.
        .answer 1
        .wrong 2

        .step Run the lab with retrying clients
        .say The tutorial ZADDs every request, denied ones too. A client that retries while denied keeps adding entries, so its window never empties: a lockout. The ratelimit lab replays retrying clients against the tutorial's limiter and an exact sliding log that logs only what it allows.
        .task Run .lab ratelimit --quick --algorithm sliding-log-naive,sliding-log --pattern retry --keys 1 --limit 10 --duration 3m
        .check lab.pattern == retry
        .check lab.results[algorithm=sliding-log-naive].lockout_ms >= 0
        .check lab.results[algorithm=sliding-log].lockout_ms >= 0
        .hint .lab ratelimit with the options in the task: two algorithms, the retry pattern, one key, a limit of 10, 3 minutes of virtual time.
        .hint .lab ratelimit --quick --algorithm sliding-log-naive,sliding-log --pattern retry --keys 1 --limit 10 --duration 3m
        .answer .lab ratelimit --quick --algorithm sliding-log-naive,sliding-log --pattern retry --keys 1 --limit 10 --duration 3m
        .wrong PING
        .record naive_lockout lab.results[algorithm=sliding-log-naive].lockout_ms
        .record exact_lockout lab.results[algorithm=sliding-log].lockout_ms
        .record naive_allowed lab.results[algorithm=sliding-log-naive].allowed
        .record exact_allowed lab.results[algorithm=sliding-log].allowed

        .step Read the lockout
        .task In your run, how many milliseconds was a retrying client locked out at most by the tutorial's limiter (sliding-log-naive)?
        .check answer == lab.results[algorithm=sliding-log-naive].lockout_ms
        .hint The lockout column of the row sliding-log-naive.
        .hint Give the number of milliseconds, without "ms".
        .answer lab.results[algorithm=sliding-log-naive].lockout_ms
        .wrong -1

        .step A limiter in one script
        .say Four commands in a pipeline are not atomic: two app servers can both read a count under the limit. A Lua script runs whole on the server. This one counts a fixed window: INCR, and PEXPIRE on the first request.
        .say From the shell: rwb --eval limiter.lua rwb:ratelimit:api:1 , 60000 runs the same script from a file.
        .task Run the script with EVAL for key rwb:ratelimit:api:1 and a window of 60000 ms: EVAL "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n" 1 rwb:ratelimit:api:1 60000
        .check key rwb:ratelimit:api:1 value == 1
        .check key rwb:ratelimit:api:1 ttl > 0
        .check key rwb:ratelimit:api:1 ttl <= 60
        .hint EVAL SCRIPT NUMKEYS KEY… ARG…: the script in double quotes, 1 key, then the window.
        .hint Copy the whole command from the task.
        .answer EVAL "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n" 1 rwb:ratelimit:api:1 60000
        .wrong INCR rwb:ratelimit:api:1
        .wrong SET rwb:ratelimit:api:1 1 EX 3600
        .wrong SET rwb:ratelimit:api:1 2 EX 60

        .step Load it once, call it by its hash
        .say EVAL sends the script every time. SCRIPT LOAD sends it once and answers its SHA1; EVALSHA then calls it by that hash. The lab's limiters are called this way.
        SET rwb:ratelimit:api:1 1 PX 60000
        .task Load the same script with SCRIPT LOAD, then count a second request on rwb:ratelimit:api:1 with EVALSHA.
        .check sent EVALSHA 48c498783e0713464295b58efbb06f20970fe481 1 rwb:ratelimit:api:1 ...
        .check key rwb:ratelimit:api:1 value == 2
        .hint SCRIPT LOAD "the script" answers the hash; EVALSHA HASH 1 rwb:ratelimit:api:1 60000 calls it.
        .hint The hash is 48c498783e0713464295b58efbb06f20970fe481.
        .answer SCRIPT LOAD "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n"
        .answer EVALSHA 48c498783e0713464295b58efbb06f20970fe481 1 rwb:ratelimit:api:1 60000
        .wrong INCR rwb:ratelimit:api:1
        .wrong EVALSHA 48c498783e0713464295b58efbb06f20970fe481 1 rwb:ratelimit:api:2 60000

        .recap Two requests in one millisecond left one entry in the log: the limiter counted one.
        .recap Retrying clients were locked out for up to {naive_lockout} ms by the tutorial's limiter, which allowed {naive_allowed} requests; the exact sliding log allowed {exact_allowed}, with a longest wait of {exact_lockout} ms.
        """#
}
