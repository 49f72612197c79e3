extension Lessons {
    static let pubsub = #"""
        .lesson pubsub Pub/sub and streams: a message for whoever listens now, or an entry that waits
        .summary PUBLISH delivers a message to the clients subscribed at that moment and forgets it. A stream keeps its entries, so a reader that went away resumes from the last ID it saw. Publish, append, read from an ID and cap a stream by hand, then count with the pubsub lab what each loses.
        .goal Read PUBLISH's reply: the number of clients that received the message
        .goal Append to a stream with XADD, and read what came after an ID with XREAD
        .goal Cap a stream with XADD … MAXLEN
        .goal Read the pubsub lab: messages lost by a subscriber that was away, or too slow, against a stream reader

        .step Publish
        .say PUBLISH CHANNEL MESSAGE sends the message to every client subscribed to the channel right now and answers how many received it. Channels are not keys: nothing is stored. This lesson's channels start with rwb:pubsub: too.
        .task Publish hello on the channel rwb:pubsub:news. Nobody is subscribed: read the reply.
        .check sent PUBLISH rwb:pubsub:news ...
        .check reply == 0
        .hint PUBLISH CHANNEL MESSAGE
        .hint PUBLISH rwb:pubsub:news hello
        .answer PUBLISH rwb:pubsub:news hello
        .wrong PUBLISH rwb:pubsub:other hello
        .wrong PUBSUB NUMSUB rwb:pubsub:news

        .step Append to a stream
        .say The message you published reached no one and is gone. A stream is a key: XADD KEY * FIELD VALUE appends an entry, * lets the server choose its ID (milliseconds-sequence), and the entry stays after it is read.
        .task Append an entry with the field msg and the value hello to the stream rwb:pubsub:feed.
        .check key rwb:pubsub:feed type == stream
        .check key rwb:pubsub:feed len == 1
        .hint XADD KEY * FIELD VALUE
        .hint XADD rwb:pubsub:feed * msg hello
        .answer XADD rwb:pubsub:feed * msg hello
        .wrong PUBLISH rwb:pubsub:feed hello
        .wrong SET rwb:pubsub:feed hello

        .step Resume from the last ID
        .say A reader remembers the ID of the last entry it read. The lesson wrote three entries, with IDs 1-0, 2-0 and 3-0; your reader read 1-0, then went away. XREAD STREAMS KEY ID answers the entries after ID.
        DEL rwb:pubsub:feed
        XADD rwb:pubsub:feed 1-0 msg m1
        XADD rwb:pubsub:feed 2-0 msg m2
        XADD rwb:pubsub:feed 3-0 msg m3
        .task Read what rwb:pubsub:feed received after 1-0, with XREAD.
        .check sent XREAD STREAMS rwb:pubsub:feed 1-0
        .check reply-type array
        .hint XREAD STREAMS KEY ID
        .hint XREAD STREAMS rwb:pubsub:feed 1-0
        .answer XREAD STREAMS rwb:pubsub:feed 1-0
        .wrong XREAD STREAMS rwb:pubsub:feed 0
        .wrong XLEN rwb:pubsub:feed

        .step Cap the stream
        .say A stream keeps every entry until it is trimmed. XADD KEY MAXLEN N * … appends and keeps the last N entries; MAXLEN ~ N removes only whole internal nodes (stream-node-max-entries, 100 entries by default), so it may keep more: on this stream it would remove nothing.
        DEL rwb:pubsub:feed
        XADD rwb:pubsub:feed 1-0 msg m1
        XADD rwb:pubsub:feed 2-0 msg m2
        XADD rwb:pubsub:feed 3-0 msg m3
        XADD rwb:pubsub:feed 4-0 msg m4
        XADD rwb:pubsub:feed 5-0 msg m5
        .task Append msg m6 to rwb:pubsub:feed and keep exactly its last 3 entries, in one command.
        .check key rwb:pubsub:feed len == 3
        .check sent XADD rwb:pubsub:feed ...
        .hint XADD KEY MAXLEN N * FIELD VALUE, without ~ to trim exactly.
        .hint XADD rwb:pubsub:feed MAXLEN 3 * msg m6
        .answer XADD rwb:pubsub:feed MAXLEN 3 * msg m6
        .wrong XADD rwb:pubsub:feed * msg m6
        .wrong XTRIM rwb:pubsub:feed MAXLEN 3
        .wrong XADD rwb:pubsub:feed MAXLEN ~ 3 * msg m6

        .step Run the lab
        .say The pubsub lab publishes to a few subscribers, each on its own connection, and writes the same messages to a stream. One subscriber goes away for a while and comes back; a slow one gets bursts that double until its output buffer passes client-output-buffer-limit pubsub. A stream reader reads with XREAD from its last ID. The lab changes the server's settings (the buffer limit, notify-keyspace-events), so on a server of yours it needs --allow-config (it puts every setting back); rwb learn pubsub --local gives you a throwaway server.
        DEL rwb:pubsub:feed
        .task Run .lab pubsub --quick
        .check lab.lab == pubsub
        .check lab.reconnect.pubsub.missing >= 0
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab pubsub --quick
        .answer .lab pubsub --quick
        .wrong PING
        .record publish_receivers lab.fan_out.publish_receivers
        .record delivered lab.fan_out.delivered
        .record away_published lab.reconnect.published_while_away
        .record away_receivers lab.reconnect.publish_receivers_while_away
        .record away_lost lab.reconnect.pubsub_lost_while_away
        .record caught_up lab.reconnect.stream_caught_up
        .record slow_published lab.slow_subscriber.published
        .record slow_received lab.slow_subscriber.pubsub.received
        .record slow_stream lab.slow_subscriber.stream.received
        .record cut_burst lab.slow_subscriber.cut_in_burst

        .step Away for a while
        .task How many of the messages published while the subscriber was away did it lose, in your run?
        .check answer == lab.reconnect.pubsub_lost_while_away
        .hint The reconnect table: the row pub/sub, column missing, or the line above it.
        .hint It is lab.reconnect.pubsub_lost_while_away in the JSON report (.lab … --json).
        .answer lab.reconnect.pubsub_lost_while_away
        .wrong -1

        .step Too slow
        .say Redis queues the messages for a subscriber in its output buffer; past the hard limit it closes the connection, and the subscriber misses everything published until it subscribes again.
        .task How many messages did the slow pub/sub subscriber receive in your run?
        .check answer == lab.slow_subscriber.pubsub.received
        .hint The line under the burst table: pub/sub received N of ….
        .hint It is lab.slow_subscriber.pubsub.received in the JSON report.
        .answer lab.slow_subscriber.pubsub.received
        .wrong -1

        .recap Your PUBLISH answered 0: no one received hello, and nothing kept it. Your XREAD from 1-0 answered the entries the reader had not seen.
        .recap In your run PUBLISH counted {publish_receivers} deliveries in the fan-out and the subscribers {delivered}. While one subscriber was away, PUBLISH found {away_receivers} receivers for {away_published} messages and the subscriber lost {away_lost}; the stream reader caught up on {caught_up}. The slow subscriber was disconnected in burst {cut_burst} and received {slow_received} of {slow_published} messages; the stream reader received {slow_stream}.
        """#
}
