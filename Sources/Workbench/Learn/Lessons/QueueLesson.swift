extension Lessons {
    static let queue = #"""
        .lesson queue Work queues: BRPOP, a processing list, and a stream consumer group
        .summary A work queue hands each job to one consumer. Push and pop a list by hand, keep the job in a processing list until it is done, read and acknowledge one through a stream's consumer group, then count what the queue lab lost when consumers died mid-job.
        .goal Push jobs with LPUSH and take the oldest with BRPOP and a timeout
        .goal Keep a job in a processing list with BLMOVE until LREM says it is done
        .goal Read a stream through a consumer group with XREADGROUP, and XACK what you finished
        .goal Read the queue lab: jobs lost by BRPOP, and jobs done twice by the designs that lose none

        .step Push, then take the oldest
        .say A list is a queue when producers push at one end and consumers pop at the other. LPUSH pushes at the left; BRPOP KEY TIMEOUT pops from the right, so the oldest job comes first. On an empty list BRPOP waits up to TIMEOUT seconds for a push, then answers (nil): a consumer loops on it without polling. Its reply is the list's name, then the job.
        .task Push job-1, then job-2, onto the list rwb:queue:jobs with LPUSH. Then take a job with BRPOP, waiting at most 1 second.
        .check sent LPUSH rwb:queue:jobs ...
        .check sent BRPOP rwb:queue:jobs *
        .check key rwb:queue:jobs len == 1
        .check reply[1] == job-1
        .hint LPUSH KEY VALUE [VALUE …] pushes each value in turn; BRPOP KEY TIMEOUT, the timeout in seconds.
        .hint LPUSH rwb:queue:jobs job-1 job-2, then BRPOP rwb:queue:jobs 1
        .answer LPUSH rwb:queue:jobs job-1 job-2
        .answer BRPOP rwb:queue:jobs 1
        .wrong LPUSH rwb:queue:jobs job-1 job-2
        .wrong BRPOP rwb:queue:jobs 1

        .step Keep it in a processing list
        .say Once BRPOP has answered, the job exists only in the consumer: if it dies now, the job is gone. BLMOVE SOURCE DESTINATION RIGHT LEFT TIMEOUT moves the oldest job into a list of the consumer's own in one step, and answers the job.
        DEL rwb:queue:jobs rwb:queue:processing:c1
        LPUSH rwb:queue:jobs job-1 job-2
        .task As consumer c1, move the oldest job of rwb:queue:jobs into rwb:queue:processing:c1 with BLMOVE, waiting at most 1 second.
        .check reply == job-1
        .check key rwb:queue:jobs len == 1
        .check key rwb:queue:processing:c1 len == 1
        .hint BLMOVE SOURCE DESTINATION RIGHT LEFT TIMEOUT: take from the right, push at the left.
        .hint BLMOVE rwb:queue:jobs rwb:queue:processing:c1 RIGHT LEFT 1
        .answer BLMOVE rwb:queue:jobs rwb:queue:processing:c1 RIGHT LEFT 1
        .wrong BRPOP rwb:queue:jobs 1
        .wrong BLMOVE rwb:queue:jobs rwb:queue:processing:c1 LEFT LEFT 1
        .wrong LPUSH rwb:queue:processing:c1 job-1

        .step Done: remove it
        .say When the work is done, the consumer removes the job from its processing list. A job left there belongs to a consumer that died: a recoverer moves it back to the queue with LMOVE.
        DEL rwb:queue:jobs rwb:queue:processing:c1
        LPUSH rwb:queue:jobs job-2
        LPUSH rwb:queue:processing:c1 job-1
        .task c1 has finished job-1: remove it from rwb:queue:processing:c1.
        .check key rwb:queue:processing:c1 missing
        .check key rwb:queue:jobs len == 1
        .hint LREM KEY COUNT VALUE removes COUNT copies of VALUE.
        .hint LREM rwb:queue:processing:c1 1 job-1
        .answer LREM rwb:queue:processing:c1 1 job-1
        .wrong LPOP rwb:queue:jobs
        .wrong LREM rwb:queue:processing:c1 1 job-2

        .step A stream and its group
        .say A stream keeps its entries after they are read, each under an ID; XADD appends one. A consumer group hands each entry to one of its consumers and remembers which entries were delivered and not yet acknowledged: the pending entries list. The lesson added two jobs, with IDs 1-0 and 2-0.
        DEL rwb:queue:stream
        XADD rwb:queue:stream 1-0 job job-1
        XADD rwb:queue:stream 2-0 job job-2
        .task Create the consumer group workers on rwb:queue:stream, starting from the first entry (ID 0).
        .check reply == OK
        .check sent XGROUP CREATE rwb:queue:stream workers 0 ...
        .hint XGROUP CREATE KEY GROUP ID: ID 0 delivers the entries already there, $ only the new ones.
        .hint XGROUP CREATE rwb:queue:stream workers 0
        .answer XGROUP CREATE rwb:queue:stream workers 0
        .wrong XGROUP CREATE rwb:queue:stream workers $
        .wrong XLEN rwb:queue:stream

        .step Read as a consumer
        .say XREADGROUP GROUP GROUP CONSUMER COUNT N STREAMS KEY > reads entries never delivered to anyone in the group; the ID > means exactly that.
        DEL rwb:queue:stream
        XADD rwb:queue:stream 1-0 job job-1
        XADD rwb:queue:stream 2-0 job job-2
        XGROUP CREATE rwb:queue:stream workers 0
        .task As consumer c1 of the group workers, read one new entry from rwb:queue:stream.
        .check sent XREADGROUP GROUP workers c1 ...
        .check reply-type array
        .hint XREADGROUP GROUP workers c1 COUNT 1 STREAMS KEY >
        .hint XREADGROUP GROUP workers c1 COUNT 1 STREAMS rwb:queue:stream >
        .answer XREADGROUP GROUP workers c1 COUNT 1 STREAMS rwb:queue:stream >
        .wrong XRANGE rwb:queue:stream - +
        .wrong XLEN rwb:queue:stream

        .step Acknowledge it
        .say Entry 1-0 now waits in the group's pending entries list under c1 (XPENDING rwb:queue:stream workers shows it) until c1 acknowledges it. If c1 dies first, XAUTOCLAIM lets another consumer take it over.
        DEL rwb:queue:stream
        XADD rwb:queue:stream 1-0 job job-1
        XADD rwb:queue:stream 2-0 job job-2
        XGROUP CREATE rwb:queue:stream workers 0
        XREADGROUP GROUP workers c1 COUNT 1 STREAMS rwb:queue:stream >
        .task c1 has finished entry 1-0: acknowledge it. The reply counts the entries acknowledged.
        .check sent XACK rwb:queue:stream workers 1-0
        .check reply == 1
        .hint XACK KEY GROUP ID
        .hint XACK rwb:queue:stream workers 1-0
        .answer XACK rwb:queue:stream workers 1-0
        .wrong XACK rwb:queue:stream workers 2-0
        .wrong XDEL rwb:queue:stream 1-0

        .step Run the lab
        .say The queue lab sends 500 jobs through each design to 4 consumers and kills a few consumers mid-job, alternately before the work and after it, before LREM or XACK. It then recovers what the dead left (LMOVE back, XAUTOCLAIM) and counts each job processed against what was produced.
        DEL rwb:queue:jobs rwb:queue:processing:c1 rwb:queue:stream
        .task Run .lab queue --quick
        .check lab.lab == queue
        .check lab.designs[design=brpop].lost >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab queue --quick
        .answer .lab queue --quick
        .wrong PING
        .record crashes lab.designs[design=brpop].crashes
        .record brpop_lost lab.designs[design=brpop].lost
        .record lmove_lost lab.designs[design=lmove].lost
        .record lmove_recovered lab.designs[design=lmove].recovered
        .record stream_lost lab.designs[design=stream].lost
        .record stream_recovered lab.designs[design=stream].recovered
        .record stream_duplicates lab.designs[design=stream].duplicates

        .step Lost with BRPOP
        .task How many jobs did the BRPOP design lose in your run?
        .check answer == lab.designs[design=brpop].lost
        .hint The row brpop, column lost.
        .hint It is lab.designs[design=brpop].lost in the JSON report (.lab … --json).
        .answer lab.designs[design=brpop].lost
        .wrong -1

        .step Done twice
        .say A consumer that dies after the work but before XACK leaves the entry pending: whoever claims it does the work again.
        .task How many jobs did the stream design process twice in your run?
        .check answer == lab.designs[design=stream].duplicates
        .hint The row stream, column duplicates.
        .hint It is lab.designs[design=stream].duplicates in the JSON report.
        .answer lab.designs[design=stream].duplicates
        .wrong -1

        .recap In your run {crashes} consumers died mid-job in each design. BRPOP lost {brpop_lost} jobs: those whose consumer died after popping them and before doing the work.
        .recap The processing lists lost {lmove_lost}, LMOVE recovering {lmove_recovered}; the stream lost {stream_lost}, XAUTOCLAIM recovering {stream_recovered}, and did {stream_duplicates} jobs twice. A queue that loses nothing delivers at least once: its work must be safe to repeat.
        """#
}
